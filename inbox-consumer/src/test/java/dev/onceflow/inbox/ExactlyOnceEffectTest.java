package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.InboxTestSupport.id;
import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static dev.onceflow.inbox.support.InboxTestSupport.shipment;
import static dev.onceflow.inbox.support.InboxTestSupport.stats;
import static dev.onceflow.inbox.support.OrderEventRecords.cancelled;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.core.inbox.health.InboxMetrics;
import dev.onceflow.inbox.support.OrderEventRecords;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The inbox's contract, through Kafka: every event has exactly one effect. */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class ExactlyOnceEffectTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject InboxMetrics metrics;

  @Test
  void theSameEventTwiceHasOneEffect() {
    String topic = newTopic("twice", 1);
    String customer = id("customer");
    String order = id("order");
    UUID eventId = UUID.randomUUID();
    ProducerRecord<String, byte[]> placedRecord =
        record(topic, eventId, placed(order, customer, "12.50"));
    double duplicatesBefore = metrics.duplicatesCount();

    publish(placedRecord, record(topic, eventId, placed(order, customer, "12.50")));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(metrics.duplicatesCount()).isGreaterThanOrEqualTo(duplicatesBefore + 1));
    stats(customer)
        .statusCode(200)
        .body("ordersPlaced", equalTo(1))
        .body("totalAmount", comparesEqualTo(12.5f));
    shipment(order).statusCode(200).body("status", equalTo("PENDING"));
  }

  @Test
  void anEventReplayedWithinTheDedupeWindowIsSkipped() {
    String topic = newTopic("replay", 1);
    String customer = id("customer");
    String order = id("order");
    UUID eventId = UUID.randomUUID();
    publish(record(topic, eventId, placed(order, customer, "30.00")));
    await().atMost(PATIENCE).untilAsserted(() -> stats(customer).statusCode(200));
    double duplicatesBefore = metrics.duplicatesCount();

    // Much later (a producer retry, an operator re-publishing the topic): same id again.
    publish(record(topic, eventId, placed(order, customer, "30.00")));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(metrics.duplicatesCount()).isGreaterThanOrEqualTo(duplicatesBefore + 1));
    stats(customer).body("ordersPlaced", equalTo(1)).body("totalAmount", comparesEqualTo(30.0f));
  }

  @Test
  void placedThenCancelledCountsBothOnce() {
    String topic = newTopic("lifecycle", 3);
    String customer = id("customer");
    String first = id("order");
    String second = id("order");

    publish(
        record(topic, placed(first, customer, "10.00")),
        record(topic, placed(second, customer, "5.25")),
        record(topic, cancelled(first, customer)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                stats(customer)
                    .statusCode(200)
                    .body("ordersPlaced", equalTo(2))
                    .body("ordersCancelled", equalTo(1))
                    .body("totalAmount", comparesEqualTo(15.25f)));
    shipment(first)
        .body("status", equalTo("CANCELLED"))
        .body("lastSequence", equalTo(2))
        .body("cancelReason", equalTo("customer changed their mind"));
    shipment(second).body("status", equalTo("PENDING"));
  }

  @Test
  void anEventAheadOfItsPredecessorIsParkedThenApplied() {
    String topic = newTopic("parked", 1);
    String customer = id("customer");
    String order = id("order");
    double parkedBefore = parkedCount();

    // The cancellation arrives first, in its own batch.
    publish(record(topic, cancelled(order, customer)));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(parkedCount()).isGreaterThanOrEqualTo(parkedBefore + 1));
    shipment(order).statusCode(404);

    publish(record(topic, placed(order, customer, "7.00")));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                shipment(order)
                    .statusCode(200)
                    .body("status", equalTo("CANCELLED"))
                    .body("lastSequence", equalTo(2)));
    stats(customer).body("ordersPlaced", equalTo(1)).body("ordersCancelled", equalTo(1));
  }

  @Test
  void theTraceparentIsAcceptedAndABrokenOneDoesNotCostTheEvent() {
    String topic = newTopic("trace", 1);
    String customer = id("customer");
    String traced = id("order");
    String broken = id("order");

    publish(
        OrderEventRecords.header(
            record(topic, placed(traced, customer, "1.00")),
            OnceflowHeaders.TRACEPARENT,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        OrderEventRecords.header(
            record(topic, placed(broken, customer, "2.00")),
            OnceflowHeaders.TRACEPARENT,
            "not-a-traceparent"));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                stats(customer)
                    .statusCode(200)
                    .body("ordersPlaced", equalTo(2))
                    .body("totalAmount", comparesEqualTo(3.0f)));
  }

  private double parkedCount() {
    return io.micrometer.core.instrument.Metrics.globalRegistry
        .find(InboxMetrics.PARKED)
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
