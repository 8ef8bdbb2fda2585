package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.InboxTestSupport.id;
import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static dev.onceflow.inbox.support.InboxTestSupport.shipment;
import static dev.onceflow.inbox.support.InboxTestSupport.stats;
import static dev.onceflow.inbox.support.OrderEventRecords.cancelled;
import static dev.onceflow.inbox.support.OrderEventRecords.confirmed;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static dev.onceflow.inbox.support.OrderEventRecords.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.onceflow.core.inbox.fault.ProcessingFailed;
import dev.onceflow.core.inbox.health.InboxMetrics;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fulfillment ships only confirmed orders, through Kafka and PostgreSQL: each move of the saga
 * (placed, confirmed, rejected, cancelled after confirmation) and a duplicate delivery.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class ShipmentLifecycleTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject InboxMetrics metrics;

  @Test
  void aPlacedOrderIsPendingUntilItsPaymentIsDecided() {
    String topic = newTopic("pending", 1);
    String customer = id("customer");
    String order = id("order");

    publish(record(topic, placed(order, customer, "12.50")));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                shipment(order)
                    .statusCode(200)
                    .body("status", equalTo("PENDING"))
                    .body("lastSequence", equalTo(1))
                    .body("shippedAt", nullValue()));
    stats(customer)
        .body("ordersPlaced", equalTo(1))
        .body("ordersCancelled", equalTo(0))
        .body("totalAmount", comparesEqualTo(12.5f));
  }

  @Test
  void aConfirmedOrderIsShipped() {
    String topic = newTopic("shipped", 1);
    String customer = id("customer");
    String order = id("order");

    publish(record(topic, placed(order, customer, "20.00")));
    await().atMost(PATIENCE).untilAsserted(() -> shipment(order).statusCode(200));
    publish(record(topic, confirmed(order, customer)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                shipment(order)
                    .body("status", equalTo("SHIPPED"))
                    .body("lastSequence", equalTo(2))
                    .body("shippedAt", notNullValue()));
    stats(customer).body("ordersPlaced", equalTo(1)).body("totalAmount", comparesEqualTo(20.0f));
  }

  @Test
  void aRejectedOrderIsNeverShipped() {
    String topic = newTopic("rejected", 1);
    String customer = id("customer");
    String order = id("order");

    publish(
        record(topic, placed(order, customer, "1250.00")),
        record(topic, rejected(order, customer)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                shipment(order)
                    .statusCode(200)
                    .body("status", equalTo("REJECTED"))
                    .body("rejectReason", equalTo("amount-above-limit"))
                    .body("rejectedAt", notNullValue())
                    .body("shippedAt", nullValue()));
    stats(customer).body("ordersPlaced", equalTo(1)).body("ordersCancelled", equalTo(0));
  }

  @Test
  void anOrderCancelledAfterConfirmationIsCancelledAndKeepsWhenItShipped() {
    String topic = newTopic("cancel-shipped", 1);
    String customer = id("customer");
    String order = id("order");

    publish(
        record(topic, placed(order, customer, "40.00")), record(topic, confirmed(order, customer)));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> shipment(order).statusCode(200).body("status", equalTo("SHIPPED")));
    String shippedAt = shipment(order).extract().path("shippedAt");

    publish(record(topic, cancelled(order, customer, 3)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                shipment(order)
                    .body("status", equalTo("CANCELLED"))
                    .body("lastSequence", equalTo(3))
                    .body("cancelReason", equalTo("customer changed their mind"))
                    .body("shippedAt", equalTo(shippedAt)));
    stats(customer)
        .body("ordersPlaced", equalTo(1))
        .body("ordersCancelled", equalTo(1))
        .body("totalAmount", comparesEqualTo(40.0f));
  }

  @Test
  void aDuplicateDeliveryHasOneEffect() {
    String topic = newTopic("saga-twice", 1);
    String customer = id("customer");
    String order = id("order");
    UUID placedId = UUID.randomUUID();
    UUID confirmedId = UUID.randomUUID();
    UUID cancelledId = UUID.randomUUID();
    double duplicatesBefore = metrics.duplicatesCount();

    publish(
        record(topic, placedId, placed(order, customer, "7.00")),
        record(topic, confirmedId, confirmed(order, customer)),
        record(topic, placedId, placed(order, customer, "7.00")),
        record(topic, confirmedId, confirmed(order, customer)));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(metrics.duplicatesCount()).isGreaterThanOrEqualTo(duplicatesBefore + 2);
              shipment(order).statusCode(200).body("status", equalTo("SHIPPED"));
            });
    String shippedAt = shipment(order).extract().path("shippedAt");

    publish(
        record(topic, cancelledId, cancelled(order, customer, 3)),
        record(topic, cancelledId, cancelled(order, customer, 3)),
        record(topic, confirmedId, confirmed(order, customer)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(metrics.duplicatesCount()).isGreaterThanOrEqualTo(duplicatesBefore + 4);
              shipment(order).body("status", equalTo("CANCELLED"));
            });
    shipment(order).body("lastSequence", equalTo(3)).body("shippedAt", equalTo(shippedAt));
    stats(customer)
        .body("ordersPlaced", equalTo(1))
        .body("ordersCancelled", equalTo(1))
        .body("totalAmount", comparesEqualTo(7.0f));
    assertThat(PoisonMessageTest.deadLettersOf(topic)).isEmpty();
  }

  @Test
  void aCancellationOfARejectedOrderIsDeadLetteredAndChangesNothing() {
    // order-service answers 409 to that cancellation; should one arrive anyway, it is refused.
    String topic = newTopic("cancel-rejected", 1);
    String customer = id("customer");
    String order = id("order");
    UUID cancel = UUID.randomUUID();

    publish(
        record(topic, placed(order, customer, "2000.00")),
        record(topic, rejected(order, customer)),
        record(topic, cancel, cancelled(order, customer, 3)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(PoisonMessageTest.deadLettersOf(topic)).hasSize(1));
    JsonPath deadLetter = PoisonMessageTest.deadLettersOf(topic).get(0);
    assertThat(deadLetter.getString("reason")).isEqualTo(ProcessingFailed.REASON);
    assertThat(deadLetter.getString("eventId")).isEqualTo(cancel.toString());
    shipment(order).body("status", equalTo("REJECTED")).body("lastSequence", equalTo(2));
    stats(customer).body("ordersPlaced", equalTo(1)).body("ordersCancelled", equalTo(0));
  }
}
