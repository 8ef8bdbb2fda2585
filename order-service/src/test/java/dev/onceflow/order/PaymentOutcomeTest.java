package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.Problems.assertProblem;
import static dev.onceflow.order.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.payment.PaymentAuthorized;
import dev.onceflow.contract.payment.PaymentDeclined;
import dev.onceflow.contract.payment.PaymentRefunded;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.KafkaTestClient;
import dev.onceflow.testkit.RelayedRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Payment outcomes consumed through the real Kafka and the inbox decide orders: the order's status,
 * its event in the outbox (kept in this profile, so it can be read) and the inbox entry commit
 * together, once per event, whatever the delivery.
 */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class PaymentOutcomeTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final String DECLINE_REASON = "amount-above-limit";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anAuthorizedPaymentConfirmsThePlacedOrder() throws Exception {
    String topic = newTopic("authorized");
    String order = place(newCustomer("confirmed"));

    publish(RelayedRecords.record(topic, authorization(order)));

    awaitStatus(order, "CONFIRMED").body("version", equalTo(2)).body("decidedAt", notNullValue());
    assertThat(events(order))
        .containsExactly(OrderEvents.ORDER_PLACED + "#1", OrderEvents.ORDER_CONFIRMED + "#2");
    JsonNode confirmed = payload(order, 2);
    String decidedAt = given().get("/orders/{id}", order).path("decidedAt");
    assertThat(Instant.parse(confirmed.get("confirmedAt").asText()))
        .isEqualTo(Instant.parse(decidedAt));
  }

  @Test
  void aDeclinedPaymentRejectsThePlacedOrderWithItsReason() throws Exception {
    String topic = newTopic("declined");
    String order = place(newCustomer("rejected"));

    publish(RelayedRecords.record(topic, decline(order)));

    awaitStatus(order, "REJECTED")
        .body("version", equalTo(2))
        .body("rejectionReason", equalTo(DECLINE_REASON));
    assertThat(events(order))
        .containsExactly(OrderEvents.ORDER_PLACED + "#1", OrderEvents.ORDER_REJECTED + "#2");
    assertThat(payload(order, 2).get("reason").asText()).isEqualTo(DECLINE_REASON);
  }

  @Test
  void theSameOutcomeDeliveredTwiceDecidesOnce() {
    String topic = newTopic("twice");
    String order = place(newCustomer("twice"));
    String marker = place(newCustomer("twice-marker"));
    UUID eventId = UUID.randomUUID();

    publish(
        RelayedRecords.record(topic, eventId, authorization(order)),
        RelayedRecords.record(topic, eventId, authorization(order)),
        RelayedRecords.record(topic, authorization(marker)));

    // One partition: once the marker after both deliveries is decided, both were handled.
    awaitStatus(marker, "CONFIRMED");
    given().get("/orders/{id}", order).then().body("status", equalTo("CONFIRMED"));
    assertThat(events(order))
        .containsExactly(OrderEvents.ORDER_PLACED + "#1", OrderEvents.ORDER_CONFIRMED + "#2");
  }

  @Test
  void aConfirmedOrderIsCancelledWithSequenceThree() {
    String topic = newTopic("cancel-confirmed");
    String order = place(newCustomer("cancel-confirmed"));
    publish(RelayedRecords.record(topic, authorization(order)));
    awaitStatus(order, "CONFIRMED");

    authorized()
        .post("/orders/{id}/cancel", order)
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"))
        .body("version", equalTo(3));

    assertThat(events(order))
        .containsExactly(
            OrderEvents.ORDER_PLACED + "#1",
            OrderEvents.ORDER_CONFIRMED + "#2",
            OrderEvents.ORDER_CANCELLED + "#3");

    // The refund that follows changes nothing here.
    publish(RelayedRecords.record(topic, refund(order)));
    awaitLastSequence(order, 2);
    given().get("/orders/{id}", order).then().body("status", equalTo("CANCELLED"));
    assertThat(events(order)).hasSize(3);
  }

  @Test
  void aRejectedOrderCannotBeCancelled() {
    String topic = newTopic("cancel-rejected");
    String order = place(newCustomer("cancel-rejected"));
    publish(RelayedRecords.record(topic, decline(order)));
    awaitStatus(order, "REJECTED");

    assertProblem(
        authorized().post("/orders/{id}/cancel", order).then(), 409, "order-already-rejected");
    given().get("/orders/{id}", order).then().body("status", equalTo("REJECTED"));
    assertThat(events(order))
        .containsExactly(OrderEvents.ORDER_PLACED + "#1", OrderEvents.ORDER_REJECTED + "#2");
  }

  @Test
  void anOutcomeForACancelledOrderChangesNothing() {
    String topic = newTopic("after-cancel");
    String order = place(newCustomer("after-cancel"));
    authorized().post("/orders/{id}/cancel", order).then().statusCode(200);

    publish(RelayedRecords.record(topic, authorization(order)));

    awaitLastSequence(order, 1);
    given()
        .get("/orders/{id}", order)
        .then()
        .body("status", equalTo("CANCELLED"))
        .body("version", equalTo(2));
    assertThat(events(order))
        .containsExactly(OrderEvents.ORDER_PLACED + "#1", OrderEvents.ORDER_CANCELLED + "#2");
  }

  @Test
  void anOutcomeForAnUnknownOrderIsDeadLetteredAndThePartitionKeepsFlowing() {
    String topic = newTopic("unknown");
    String unknown = UUID.randomUUID().toString();
    String after = place(newCustomer("after-unknown"));

    publish(
        RelayedRecords.record(topic, authorization(unknown)),
        RelayedRecords.record(topic, authorization(after)));

    awaitStatus(after, "CONFIRMED");
    List<ConsumerRecord<String, byte[]>> deadLetters =
        KafkaTestClient.read(
            LocalPlatformTestResource.kafka().bootstrapServers(),
            OnceflowTopics.DEAD_LETTERS,
            r -> topic.equals(KafkaTestClient.header(r, OnceflowHeaders.DLQ_TOPIC)),
            1,
            PATIENCE);
    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0).key()).isEqualTo(unknown);
    assertThat(KafkaTestClient.header(deadLetters.get(0), OnceflowHeaders.DLQ_CONSUMER))
        .isEqualTo("orders");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        OrdersDatabase.number(
                            "SELECT count(*) FROM inbox_dead_letter WHERE consumer = 'orders'"
                                + " AND source_topic = ? AND record_key = ?",
                            topic,
                            unknown))
                    .isEqualTo(1));
  }

  @Test
  void anOutcomeAheadOfItsPredecessorIsParkedThenApplied() {
    String topic = newTopic("parked");
    String order = place(newCustomer("parked"));

    // The refund (payment sequence 2) first: parked until the authorisation (1) arrives.
    publish(RelayedRecords.record(topic, refund(order)));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        OrdersDatabase.number(
                            "SELECT count(*) FROM inbox_parked_event WHERE consumer = 'orders'"
                                + " AND aggregate_id = ?",
                            order))
                    .isEqualTo(1));
    given().get("/orders/{id}", order).then().body("status", equalTo("PLACED"));

    publish(RelayedRecords.record(topic, authorization(order)));

    awaitLastSequence(order, 2);
    given().get("/orders/{id}", order).then().body("status", equalTo("CONFIRMED"));
  }

  @Test
  void theAuditListsTheDecisionAtSequenceTwoWhenItWasDecided() {
    String topic = newTopic("audit");
    Instant from = Instant.now().minusSeconds(1);
    String order = place(newCustomer("audit"));
    publish(RelayedRecords.record(topic, decline(order)));
    String decidedAt = awaitStatus(order, "REJECTED").extract().path("decidedAt");

    JsonPath window =
        given()
            .queryParam("from", from.toString())
            .queryParam("to", Instant.now().plusSeconds(1).toString())
            .get("/audit/written")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    List<Map<String, Object>> written =
        window.<Map<String, Object>>getList("events").stream()
            .filter(event -> order.equals(event.get("aggregateId")))
            .toList();
    assertThat(written).extracting(event -> event.get("sequence")).containsExactly(1, 2);
    assertThat(Instant.parse((String) written.get(1).get("writtenAt")))
        .isEqualTo(Instant.parse(decidedAt));
  }

  static ValidatableResponse awaitStatus(String order, String status) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .get("/orders/{id}", order)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(status)));
    return given().get("/orders/{id}", order).then();
  }

  /** Waits until the inbox has applied the order's payment events up to {@code sequence}. */
  private static void awaitLastSequence(String order, long sequence) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        OrdersDatabase.number(
                            "SELECT coalesce(max(last_sequence), 0) FROM inbox_aggregate"
                                + " WHERE consumer = 'orders' AND aggregate_id = ?",
                            order))
                    .isEqualTo(sequence));
  }

  /** The order's events in the outbox, as {@code type#sequence}, in sequence order. */
  static List<String> events(String order) {
    return OrdersDatabase.outboxRowsOf(order).stream()
        .map(row -> row.get("type") + "#" + row.get("aggregate_sequence"))
        .toList();
  }

  /** The payload of the order's event with this sequence, read with Jackson. */
  private static JsonNode payload(String order, long sequence) throws Exception {
    for (Map<String, Object> row : OrdersDatabase.outboxRowsOf(order)) {
      if (((Number) row.get("aggregate_sequence")).longValue() == sequence) {
        return JSON.readTree(row.get("payload").toString());
      }
    }
    throw new AssertionError("order " + order + " has no event " + sequence);
  }

  static PaymentAuthorized authorization(String order) {
    return new PaymentAuthorized(
        order,
        "customer-of-" + order,
        new BigDecimal("25.99"),
        "EUR",
        Instant.parse("2026-12-06T10:00:00Z"),
        1);
  }

  static PaymentDeclined decline(String order) {
    return new PaymentDeclined(
        order,
        "customer-of-" + order,
        new BigDecimal("25.99"),
        "EUR",
        DECLINE_REASON,
        Instant.parse("2026-12-06T10:00:00Z"),
        1);
  }

  static PaymentRefunded refund(String order) {
    return new PaymentRefunded(
        order,
        "customer-of-" + order,
        new BigDecimal("25.99"),
        "EUR",
        Instant.parse("2026-12-06T11:00:00Z"),
        2);
  }

  /** A new single-partition topic the test profile's inbox pattern consumes. */
  static String newTopic(String name) {
    return LocalPlatformTestResource.newTopic("onceflow.test.orders.", name, 1);
  }

  @SafeVarargs
  static void publish(ProducerRecord<String, byte[]>... records) {
    KafkaTestClient.publish(
        LocalPlatformTestResource.kafka().bootstrapServers(),
        List.<ProducerRecord<String, byte[]>>of(records));
  }
}
