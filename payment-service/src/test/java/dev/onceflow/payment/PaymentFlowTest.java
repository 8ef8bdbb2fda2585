package dev.onceflow.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderConfirmed;
import dev.onceflow.contract.order.OrderLine;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.contract.order.OrderRejected;
import dev.onceflow.contract.payment.PaymentEvents;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.payment.domain.PaymentHandler;
import dev.onceflow.testkit.KafkaTestClient;
import dev.onceflow.testkit.RelayedRecords;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Consume → effect → produce through the real PostgreSQL and Kafka: each order event changes the
 * payment once and records exactly one payment event in the same transaction. The test profile
 * keeps outbox rows ({@code onceflow.outbox.retention}) so they can be counted here.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = {
      @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "payments"),
      @ResourceArg(name = LocalPlatformTestResource.REPLICATION_SLOT, value = "onceflow_outbox")
    })
class PaymentFlowTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject DataSource dataSource;

  @Test
  void anOrderWithinTheLimitIsAuthorizedAndOneEventRecorded() throws SQLException {
    String topic = newTopic("authorized");
    String order = "order-" + UUID.randomUUID();

    publish(RelayedRecords.record(topic, placed(order, "999.99")));

    awaitPayment(order, "AUTHORIZED");
    assertThat(paymentEvents(order)).containsExactly(PaymentEvents.PAYMENT_AUTHORIZED + "#1");
  }

  @Test
  void anOrderAboveTheLimitIsDeclinedWithItsReason() throws SQLException {
    String topic = newTopic("declined");
    String order = "order-" + UUID.randomUUID();

    publish(RelayedRecords.record(topic, placed(order, "1000.01")));

    awaitPayment(order, "DECLINED");
    given()
        .get("/payments/{id}", order)
        .then()
        .body("declineReason", equalTo(PaymentHandler.ABOVE_LIMIT));
    assertThat(paymentEvents(order)).containsExactly(PaymentEvents.PAYMENT_DECLINED + "#1");
  }

  @Test
  void cancellingRefundsAnAuthorizedPaymentOnceAndADeclinedOneNever() throws SQLException {
    String topic = newTopic("cancelled");
    String authorized = "order-" + UUID.randomUUID();
    String declined = "order-" + UUID.randomUUID();

    publish(
        RelayedRecords.record(topic, placed(authorized, "10.00")),
        RelayedRecords.record(topic, placed(declined, "5000.00")),
        RelayedRecords.record(topic, cancelled(authorized)),
        RelayedRecords.record(topic, cancelled(declined)));

    awaitPayment(authorized, "REFUNDED");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(lastSequence(declined)).isEqualTo(2));
    given().get("/payments/{id}", declined).then().body("status", equalTo("DECLINED"));
    assertThat(paymentEvents(authorized))
        .containsExactly(
            PaymentEvents.PAYMENT_AUTHORIZED + "#1", PaymentEvents.PAYMENT_REFUNDED + "#2");
    assertThat(paymentEvents(declined)).containsExactly(PaymentEvents.PAYMENT_DECLINED + "#1");
  }

  @Test
  void redeliveredAndReorderedEventsStillGiveOnePaymentAndOneEventEach() throws SQLException {
    String topic = newTopic("redelivered");
    String order = "order-" + UUID.randomUUID();
    UUID placedId = UUID.randomUUID();
    UUID cancelledId = UUID.randomUUID();

    // The cancellation first (parked until its predecessor), then each event twice.
    publish(
        RelayedRecords.record(topic, cancelledId, cancelled(order)),
        RelayedRecords.record(topic, placedId, placed(order, "20.00")),
        RelayedRecords.record(topic, placedId, placed(order, "20.00")),
        RelayedRecords.record(topic, cancelledId, cancelled(order)));

    awaitPayment(order, "REFUNDED");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(lastSequence(order)).isEqualTo(2));
    assertThat(paymentEvents(order))
        .containsExactly(
            PaymentEvents.PAYMENT_AUTHORIZED + "#1", PaymentEvents.PAYMENT_REFUNDED + "#2");
  }

  @Test
  void theOrdersDecisionIsConsumedWithoutEffectAndACancellationAfterItRefunds()
      throws SQLException {
    String topic = newTopic("decided");
    String confirmed = "order-" + UUID.randomUUID();
    String rejected = "order-" + UUID.randomUUID();

    publish(
        RelayedRecords.record(topic, placed(confirmed, "10.00")),
        RelayedRecords.record(topic, placed(rejected, "5000.00")),
        RelayedRecords.record(topic, confirmed(confirmed)),
        RelayedRecords.record(topic, rejected(rejected)));

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(lastSequence(confirmed)).isEqualTo(2));
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(lastSequence(rejected)).isEqualTo(2));
    given().get("/payments/{id}", confirmed).then().body("status", equalTo("AUTHORIZED"));
    given().get("/payments/{id}", rejected).then().body("status", equalTo("DECLINED"));
    assertThat(paymentEvents(confirmed)).containsExactly(PaymentEvents.PAYMENT_AUTHORIZED + "#1");
    assertThat(paymentEvents(rejected)).containsExactly(PaymentEvents.PAYMENT_DECLINED + "#1");
    assertThat(deadLetters(topic)).isZero();

    // Cancelled after its confirmation: the order's sequence 3, applied only after 2.
    publish(RelayedRecords.record(topic, cancelled(confirmed, 3)));

    awaitPayment(confirmed, "REFUNDED");
    assertThat(paymentEvents(confirmed))
        .containsExactly(
            PaymentEvents.PAYMENT_AUTHORIZED + "#1", PaymentEvents.PAYMENT_REFUNDED + "#2");
    assertThat(deadLetters(topic)).isZero();
  }

  @Test
  void anUnknownOrderHasNoPayment() {
    given()
        .get("/payments/{id}", "no-such-order")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private void awaitPayment(String order, String status) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .get("/payments/{id}", order)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(status)));
  }

  /** The payment events recorded for {@code order}, as {@code type#sequence}, in write order. */
  private List<String> paymentEvents(String order) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT type, aggregate_sequence FROM outbox_event"
                    + " WHERE aggregatetype = ? AND aggregateid = ? ORDER BY aggregate_sequence")) {
      select.setString(1, PaymentEvents.AGGREGATE_TYPE);
      select.setString(2, order);
      List<String> events = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(rows.getString(1) + "#" + rows.getString(2));
        }
      }
      return events;
    }
  }

  /** The order's last sequence the inbox applied (0: none). */
  private long lastSequence(String order) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT last_sequence FROM inbox_aggregate WHERE consumer = 'payments'"
                    + " AND aggregate_id = ?")) {
      select.setString(1, order);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  /** Dead letters of this consumer from {@code topic}. */
  private long deadLetters(String topic) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM inbox_dead_letter WHERE consumer = 'payments'"
                    + " AND source_topic = ?")) {
      select.setString(1, topic);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  static OrderPlaced placed(String order, String total) {
    BigDecimal amount = new BigDecimal(total);
    return new OrderPlaced(
        order,
        "customer-of-" + order,
        "EUR",
        List.of(new OrderLine("SKU-1", 1, amount)),
        amount,
        Instant.parse("2026-12-06T10:00:00Z"),
        1);
  }

  static OrderCancelled cancelled(String order) {
    return cancelled(order, 2);
  }

  static OrderCancelled cancelled(String order, long sequence) {
    return new OrderCancelled(
        order,
        "customer-of-" + order,
        "changed my mind",
        Instant.parse("2026-12-06T11:00:00Z"),
        sequence);
  }

  static OrderConfirmed confirmed(String order) {
    return new OrderConfirmed(
        order, "customer-of-" + order, Instant.parse("2026-12-06T10:00:01Z"), 2);
  }

  static OrderRejected rejected(String order) {
    return new OrderRejected(
        order,
        "customer-of-" + order,
        PaymentHandler.ABOVE_LIMIT,
        Instant.parse("2026-12-06T10:00:01Z"),
        2);
  }

  static String newTopic(String name) {
    return LocalPlatformTestResource.newTopic("onceflow.test.payment.", name, 1);
  }

  @SafeVarargs
  static void publish(ProducerRecord<String, byte[]>... records) {
    KafkaTestClient.publish(
        LocalPlatformTestResource.kafka().bootstrapServers(),
        List.<ProducerRecord<String, byte[]>>of(records));
  }
}
