package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@TestProfile(RetainedOutbox.class)
class OrderQueryTest {

  @Test
  void getsAnOrderById() {
    String customer = newCustomer("get");
    String id = place(customer);

    given()
        .get("/orders/{id}", id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("customerId", equalTo(customer))
        .body("lines", hasSize(2));
  }

  @Test
  void anUnknownOrderIsAProblem() {
    String id = UUID.randomUUID().toString();
    assertProblem(given().get("/orders/{id}", id).then(), 404, "order-not-found")
        .body("instance", equalTo("/orders/" + id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "1-2-3-4-5", "00000000-0000-0000-0000-00000000000g", "%00"})
  void aMalformedIdIsNotFoundRatherThanAServerError(String id) {
    assertProblem(
        given().urlEncodingEnabled(false).get("/orders/" + id).then(), 404, "order-not-found");
  }

  @Test
  void pagesThroughACustomersOrdersNewestFirstWithoutGapsOrRepeats() {
    String customer = newCustomer("pages");
    List<String> placed =
        new ArrayList<>(IntStream.range(0, 5).mapToObj(i -> place(customer)).toList());

    List<String> seen = new ArrayList<>();
    for (int page = 0; page < 3; page++) {
      JsonPath json =
          given()
              .queryParam("customerId", customer)
              .queryParam("page", page)
              .queryParam("size", 2)
              .get("/orders")
              .then()
              .statusCode(200)
              .body("page", equalTo(page))
              .body("size", equalTo(2))
              .body("totalCount", equalTo(5))
              .body("totalPages", equalTo(3))
              .extract()
              .jsonPath();
      seen.addAll(json.getList("items.id", String.class));
    }

    Collections.reverse(placed);
    assertThat(seen).containsExactlyElementsOf(placed);
  }

  @Test
  void filtersByStatus() {
    String customer = newCustomer("status");
    String kept = place(customer);
    String cancelled = place(customer);
    given().post("/orders/{id}/cancel", cancelled).then().statusCode(200);

    assertThat(idsOf(customer, "CANCELLED")).containsExactly(cancelled);
    assertThat(idsOf(customer, "PLACED")).containsExactly(kept);
  }

  @Test
  void appliesTheDefaultSizeAndCapsLargeOnes() {
    given()
        .get("/orders")
        .then()
        .statusCode(200)
        .body("size", equalTo(20))
        .body("page", equalTo(0));
    given()
        .queryParam("size", 5000)
        .get("/orders")
        .then()
        .statusCode(200)
        .body("size", equalTo(100));
  }

  @Test
  void anEmptyPageIsStillAPage() {
    given()
        .queryParam("customerId", newCustomer("nobody"))
        .get("/orders")
        .then()
        .statusCode(200)
        .body("totalCount", equalTo(0))
        .body("totalPages", equalTo(0))
        .body("items", hasSize(0));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "page, -1",
    "page, abc",
    "page, 1000000",
    "size, 0",
    "size, -5",
    "size, 1.5",
    "status, SHIPPED",
    "status, placed"
  })
  void refusesInvalidQueryParameters(String parameter, String value) {
    assertProblem(
        given().queryParam(parameter, value).get("/orders").then(),
        400,
        "invalid-request",
        parameter);
  }

  @Test
  void refusesANulInTheCustomerFilterInsteadOfFailingInTheDatabase() {
    assertProblem(
        given().urlEncodingEnabled(false).get("/orders?customerId=a%00b").then(),
        400,
        "invalid-request",
        "customerId");
  }

  @Test
  void namesEveryInvalidQueryParameter() {
    assertProblem(
        given()
            .queryParam("page", "x")
            .queryParam("size", "0")
            .queryParam("customerId", "c".repeat(65))
            .get("/orders")
            .then(),
        400,
        "invalid-request",
        "page",
        "size",
        "customerId");
  }

  private static List<String> idsOf(String customer, String status) {
    return given()
        .queryParam("customerId", customer)
        .queryParam("status", status)
        .get("/orders")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", String.class);
  }
}
