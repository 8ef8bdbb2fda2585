package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.Problems.assertProblem;
import static dev.onceflow.order.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /audit/written} lists exactly the events the outbox received in the window (the outbox
 * rows are kept in this profile, so the test compares with what the relay would read).
 */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class WrittenResourceTest {

  @Test
  void listsEveryEventWrittenInTheWindowAsTheOutboxHoldsIt() {
    Instant from = Instant.now().minusSeconds(1);
    String customer = newCustomer("written");
    String kept = place(customer);
    String cancelled = place(customer);
    authorized().post("/orders/{id}/cancel", cancelled).then().statusCode(200);
    Instant to = Instant.now().plusSeconds(1);

    JsonPath window =
        given()
            .queryParam("from", from.toString())
            .queryParam("to", to.toString())
            .get("/audit/written")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    Set<String> listed = new HashSet<>();
    for (Map<String, Object> event : window.<Map<String, Object>>getList("events")) {
      assertThat(event.get("aggregateType")).isEqualTo("order");
      listed.add(event.get("aggregateId") + "#" + event.get("sequence"));
    }
    Set<String> outbox = new HashSet<>();
    for (String order : List.of(kept, cancelled)) {
      for (Map<String, Object> row : OrdersDatabase.outboxRowsOf(order)) {
        outbox.add(order + "#" + row.get("aggregate_sequence"));
      }
    }
    assertThat(outbox).containsExactlyInAnyOrder(kept + "#1", cancelled + "#1", cancelled + "#2");
    assertThat(listed).containsAll(outbox);
    assertThat(window.getBoolean("truncated")).isFalse();
    assertThat(window.getString("service")).isEqualTo("order-service");

    JsonPath before =
        given()
            .queryParam("from", from.minus(1, ChronoUnit.HOURS).toString())
            .queryParam("to", from.toString())
            .get("/audit/written")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(before.getList("events.aggregateId")).doesNotContain(kept, cancelled);
  }

  @Test
  void aLimitCutsTheWindowAndSaysSo() {
    Instant from = Instant.now().minusSeconds(1);
    String customer = newCustomer("written-limit");
    place(customer);
    place(customer);
    given()
        .queryParam("from", from.toString())
        .queryParam("to", Instant.now().plusSeconds(1).toString())
        .queryParam("limit", 1)
        .get("/audit/written")
        .then()
        .statusCode(200)
        .body("events.size()", org.hamcrest.Matchers.equalTo(1))
        .body("truncated", org.hamcrest.Matchers.equalTo(true));
  }

  @Test
  void aBadParameterIsAProblemNamingIt() {
    assertProblem(
        given().queryParam("to", Instant.now().toString()).get("/audit/written").then(),
        400,
        "invalid-request",
        "from");
    assertProblem(
        given()
            .queryParam("from", "yesterday")
            .queryParam("to", Instant.now().toString())
            .get("/audit/written")
            .then(),
        400,
        "invalid-request",
        "from");
    Instant now = Instant.now();
    assertProblem(
        given()
            .queryParam("from", now.toString())
            .queryParam("to", now.minusSeconds(5).toString())
            .get("/audit/written")
            .then(),
        400,
        "invalid-request",
        "to");
    assertProblem(
        given()
            .queryParam("from", now.minusSeconds(5).toString())
            .queryParam("to", now.toString())
            .queryParam("limit", "0")
            .get("/audit/written")
            .then(),
        400,
        "invalid-request",
        "limit");
  }
}
