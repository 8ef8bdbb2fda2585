package dev.onceflow.inbox;

import static dev.onceflow.inbox.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.contract.problem.ProblemTypes;
import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.core.security.ServiceTokenFilter;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Black-box: the dead-letter list and replay answer only a caller presenting the service token;
 * everyone else gets 401 problem+json naming the header, and learns nothing about dead letters.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class DeadLetterAuthenticationTest {

  private static final Function<RequestSpecification, ValidatableResponse> LIST =
      request -> request.get("/dead-letters").then();
  private static final Function<RequestSpecification, ValidatableResponse> PARKED =
      request -> request.get("/dead-letters/parked").then();
  private static final Function<RequestSpecification, ValidatableResponse> REPLAY =
      request -> request.post("/dead-letters/{id}/replay", 999_999_999).then();

  @Test
  void withoutTheHeaderBothAreRefusedNamingIt() {
    for (var call : java.util.List.of(LIST, PARKED, REPLAY)) {
      unauthorized(call.apply(given()))
          .body("detail", containsString(ServiceToken.HEADER + " header is missing"));
    }
  }

  @Test
  void aWrongTokenOrSchemeIsRefused() {
    String token = ServiceTokens.token();
    for (String header :
        new String[] {
          ServiceToken.authorization("not-the-token-of-this-service"),
          ServiceToken.authorization(token + "x"),
          ServiceToken.authorization(token.substring(1)),
          token,
          "Basic " + token,
          ServiceToken.authorization("")
        }) {
      for (var call : java.util.List.of(LIST, PARKED, REPLAY)) {
        unauthorized(call.apply(given().header(ServiceToken.HEADER, header)))
            .body("detail", containsString("does not carry the service token"));
      }
    }
  }

  @Test
  void theRightTokenReachesTheEndpoints() {
    LIST.apply(authorized()).statusCode(200).body("page", equalTo(0));
    PARKED.apply(authorized()).statusCode(200);
    // The replay handler itself answers: no such dead letter.
    REPLAY.apply(authorized()).statusCode(404).contentType(ProblemTypes.MEDIA_TYPE);
  }

  @Test
  void readsOfShipmentsAndCustomersStayOpen() {
    given().get("/shipments/{id}", "no-such-order").then().statusCode(404);
    given().get("/customers/{id}/stats", "nobody").then().statusCode(404);
  }

  private static ValidatableResponse unauthorized(ValidatableResponse response) {
    return response
        .statusCode(401)
        .contentType(ProblemTypes.MEDIA_TYPE)
        .header("WWW-Authenticate", ServiceToken.SCHEME)
        .body("type", equalTo(ProblemTypes.uri(ServiceToken.PROBLEM_SLUG)))
        .body("status", equalTo(401))
        .body("title", equalTo(ServiceTokenFilter.TITLE));
  }
}
