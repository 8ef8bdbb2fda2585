package dev.onceflow.inbox;

import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_LATENCY;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_PROCESSED;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.TIMER;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;
import static dev.onceflow.inbox.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.onceflow.core.inbox.health.ConsumerNotStalledCheck;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Errors are problem+json naming the fields; health and metrics are exposed. */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class RestApiTest {

  @Test
  void invalidPagingIsAProblemNamingEachField() {
    authorized()
        .queryParam("page", -1)
        .queryParam("size", 0)
        .get("/dead-letters")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors.field", containsInAnyOrder("page", "size"));
  }

  @Test
  void unknownResourcesAreProblems() {
    given()
        .get("/shipments/{id}", "no-such-order")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no-such-order"));
    given().get("/customers/{id}/stats", "nobody").then().statusCode(404);
    authorized()
        .post("/dead-letters/{id}/replay", 999_999_999)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void healthCoversTheConsumerTheDatabaseAndKafka() {
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem(ConsumerNotStalledCheck.NAME));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem(containsString("Database")))
        .body("checks.name", hasItem(containsString("Messaging")));
  }

  @Test
  void metricsAreExposedForPrometheus() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString(prometheus(INBOX_PROCESSED, COUNTER) + "{consumer=\"fulfillment\"}"))
        .body(containsString("onceflow_inbox_consumer_lag{consumer=\"fulfillment\"}"))
        .body(containsString(prometheus(INBOX_LATENCY, TIMER)));
  }
}
