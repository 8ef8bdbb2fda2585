package dev.onceflow.testkit.inbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The library's dead-letter API answers JSON in an application that added no JSON extension of its
 * own (this test application has platform-core and nothing else for REST).
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "testkit"))
class LibraryDeadLetterApiTest {

  @Test
  void theDeadLetterApiAnswersJson() {
    given()
        .header(ServiceToken.HEADER, ServiceToken.SCHEME + " test-service-token-guards-nothing")
        .get("/dead-letters")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("items", notNullValue());
  }
}
