package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.Problems.assertProblem;
import static dev.onceflow.order.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
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
  void cursorPagingReturnsEveryOrderExactlyOnceEvenWhileOrdersArePlaced() {
    String customer = newCustomer("pages");
    List<String> placed =
        new ArrayList<>(IntStream.range(0, 7).mapToObj(i -> place(customer)).toList());

    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      var request = given().queryParam("customerId", customer).queryParam("size", 2);
      if (after != null) {
        request.queryParam("after", after);
      }
      JsonPath json =
          request
              .get("/orders")
              .then()
              .statusCode(200)
              .body("size", equalTo(2))
              .body("$", not(hasKey("totalCount")))
              .extract()
              .jsonPath();
      seen.addAll(json.getList("items.id", String.class));
      after = json.getString("next");
      pages++;
      if (pages == 1) {
        // Newer than every order listed so far: it belongs before the first page, never later.
        place(customer);
      }
    } while (after != null && pages < 10);

    assertThat(pages).isEqualTo(4);
    Collections.reverse(placed);
    assertThat(seen).containsExactlyElementsOf(placed);
  }

  @Test
  void theLastPageHasNoNext() {
    String customer = newCustomer("last");
    String only = place(customer);
    given()
        .queryParam("customerId", customer)
        .queryParam("size", 1)
        .get("/orders")
        .then()
        .statusCode(200)
        .body("items.id", contains(only))
        .body("next", nullValue());
  }

  @Test
  void filtersByStatus() {
    String customer = newCustomer("status");
    String kept = place(customer);
    String cancelled = place(customer);
    authorized().post("/orders/{id}/cancel", cancelled).then().statusCode(200);

    assertThat(idsOf(customer, "CANCELLED")).containsExactly(cancelled);
    assertThat(idsOf(customer, "PLACED")).containsExactly(kept);
  }

  @Test
  void appliesTheDefaultSizeAndRefusesLargerPagesThanTheMaximum() {
    given().get("/orders").then().statusCode(200).body("size", equalTo(20));
    given()
        .queryParam("size", 100)
        .get("/orders")
        .then()
        .statusCode(200)
        .body("size", equalTo(100));
    assertProblem(
            given().queryParam("size", 101).get("/orders").then(), 400, "invalid-request", "size")
        .body("errors[0].message", equalTo("must be at most 100"));
    assertProblem(
        given().queryParam("size", 5000).get("/orders").then(), 400, "invalid-request", "size");
  }

  @Test
  void anEmptyPageIsStillAPage() {
    given()
        .queryParam("customerId", newCustomer("nobody"))
        .get("/orders")
        .then()
        .statusCode(200)
        .body("items", hasSize(0))
        .body("next", nullValue());
  }

  @Test
  void aQueryLongerThanTheTimeoutIsCancelled() throws Exception {
    // Another transaction holds the table: the listing waits for the lock, and the statement
    // timeout (5 s by default) cancels it instead of letting it hold a connection for ever.
    try (Connection locker = LocalPlatformTestResource.postgres().connect(LocalPlatform.DATABASE)) {
      locker.setAutoCommit(false);
      try (Statement lock = locker.createStatement()) {
        lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      }
      long start = System.nanoTime();
      assertProblem(given().get("/orders").then(), 503, "query-timed-out")
          .header("Retry-After", "5")
          .body("detail", containsString("onceflow.orders.query-timeout"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      locker.rollback();
    }
    given().get("/orders").then().statusCode(200);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "page, 0",
    "page, 3",
    "after, not-a-cursor",
    "after, bm90fGEgY3Vyc29y",
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
            .queryParam("size", "0")
            .queryParam("customerId", "c".repeat(65))
            .get("/orders")
            .then(),
        400,
        "invalid-request",
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
