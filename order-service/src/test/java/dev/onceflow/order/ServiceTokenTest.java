package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.OrderRequests.validBody;
import static dev.onceflow.order.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.contract.problem.ProblemTypes;
import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.core.security.ServiceTokenFilter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Black-box: placing and cancelling orders need {@code Authorization: Bearer <service token>};
 * without it (or with another token) the call is refused with 401 problem+json naming the header,
 * before the body is even read, and nothing is written. Reads stay open.
 */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class ServiceTokenTest {

  @Test
  void placingWithoutTheHeaderIsRefusedNamingItAndWritesNothing() {
    String customer = newCustomer("no-token");
    unauthorized(placeWith(given(), validBody(customer)))
        .body("detail", containsString(ServiceToken.HEADER + " header is missing"))
        .body("instance", equalTo("/orders"));
    given().queryParam("customerId", customer).get("/orders").then().body("items", empty());
  }

  @Test
  void placingWithAWrongTokenOrSchemeIsRefused() {
    String customer = newCustomer("wrong-token");
    for (String header : wrongHeaders()) {
      unauthorized(placeWith(given().header(ServiceToken.HEADER, header), validBody(customer)))
          .body("detail", containsString("does not carry the service token"));
    }
    given().queryParam("customerId", customer).get("/orders").then().body("items", empty());
  }

  @Test
  void authenticationComesBeforeTheBodyIsRead() {
    unauthorized(placeWith(given(), "{not json"));
    unauthorized(placeWith(given(), "{}"));
  }

  @Test
  void cancellingNeedsTheTokenToo() {
    String id = place(newCustomer("cancel-token"));
    unauthorized(given().post("/orders/{id}/cancel", id).then())
        .body("instance", equalTo("/orders/" + id + "/cancel"));
    for (String header : wrongHeaders()) {
      unauthorized(
          given().header(ServiceToken.HEADER, header).post("/orders/{id}/cancel", id).then());
    }
    given().get("/orders/{id}", id).then().statusCode(200).body("status", equalTo("PLACED"));

    authorized().post("/orders/{id}/cancel", id).then().statusCode(200);
    given().get("/orders/{id}", id).then().body("status", equalTo("CANCELLED"));
  }

  @Test
  void theRightTokenPlacesAndReadsStayOpen() {
    String customer = newCustomer("right-token");
    String id = placeWith(authorized(), validBody(customer)).statusCode(201).extract().path("id");
    given().get("/orders/{id}", id).then().statusCode(200);
    given()
        .queryParam("customerId", customer)
        .get("/orders")
        .then()
        .statusCode(200)
        .body("items.id", equalTo(List.of(id)));
  }

  private static List<String> wrongHeaders() {
    String token = ServiceTokens.token();
    return List.of(
        ServiceToken.authorization("not-the-token-of-this-service"),
        ServiceToken.authorization(token + "x"),
        ServiceToken.authorization(token.substring(1)),
        token,
        "Basic " + token,
        ServiceToken.authorization(""));
  }

  private static ValidatableResponse placeWith(RequestSpecification request, String body) {
    return request.contentType(ContentType.JSON).body(body).post("/orders").then();
  }

  private static ValidatableResponse unauthorized(ValidatableResponse response) {
    return response
        .statusCode(401)
        .contentType(ProblemTypes.MEDIA_TYPE)
        .header("WWW-Authenticate", ServiceToken.SCHEME)
        .body("type", equalTo(ProblemTypes.uri(ServiceToken.PROBLEM_SLUG)))
        .body("title", equalTo(ServiceTokenFilter.TITLE))
        .body("status", equalTo(401));
  }
}
