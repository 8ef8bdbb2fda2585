package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** What operators and API users rely on besides the orders API itself. */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class OperationsTest {

  @Test
  void reportsLivenessAndReadinessIncludingTheDatabase() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem(containsString("Database")));
  }

  @Test
  void servesTheOpenApiDocumentAndSwaggerUi() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.'/orders'.post", notNullValue())
        .body("paths.'/orders'.get", notNullValue())
        .body("paths.'/orders/{id}'.get", notNullValue())
        .body("paths.'/orders/{id}/cancel'.post", notNullValue());
    given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
  }

  @Test
  void countsCommittedOrdersAndEvents() {
    double placed = Metrics.value(Metrics.ORDERS_PLACED);
    double cancelled = Metrics.value(Metrics.ORDERS_CANCELLED);
    double placedEvents = Metrics.value(Metrics.OUTBOX_PLACED);
    double cancelledEvents = Metrics.value(Metrics.OUTBOX_CANCELLED);

    String id = place(newCustomer("metrics"));
    authorized().post("/orders/{id}/cancel", id).then().statusCode(200);
    authorized().post("/orders/{id}/cancel", id).then().statusCode(409);

    assertThat(Metrics.value(Metrics.ORDERS_PLACED)).isEqualTo(placed + 1);
    assertThat(Metrics.value(Metrics.ORDERS_CANCELLED)).isEqualTo(cancelled + 1);
    assertThat(Metrics.value(Metrics.OUTBOX_PLACED)).isEqualTo(placedEvents + 1);
    assertThat(Metrics.value(Metrics.OUTBOX_CANCELLED)).isEqualTo(cancelledEvents + 1);
  }
}
