package dev.onceflow.inbox.fulfillment;

import static dev.onceflow.inbox.support.OrderEventRecords.cancelled;
import static dev.onceflow.inbox.support.OrderEventRecords.confirmed;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.contract.order.OrderEvent;
import dev.onceflow.contract.order.OrderEvents;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fulfillment rules, in memory: what each order event does to a shipment and the counters. */
class FulfillmentBatchTest {

  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void aPlacedOrderWaitsForItsPayment() {
    FulfillmentBatch batch = new FulfillmentBatch(List.of(), NOW);

    batch.apply(placed("o-1", "c-1", "12.50"));

    ShipmentChange shipment = only(batch);
    assertThat(shipment.status).isEqualTo(ShipmentStatus.PENDING);
    assertThat(shipment.isNew).isTrue();
    assertThat(shipment.createdAt).isEqualTo(NOW);
    assertThat(shipment.shippedAt).isNull();
    assertThat(batch.stats().get("c-1").placed).isEqualTo(1);
    assertThat(batch.stats().get("c-1").amount).isEqualByComparingTo("12.50");
  }

  @Test
  void aConfirmedOrderIsShippedNow() {
    FulfillmentBatch batch = new FulfillmentBatch(List.of(stored(ShipmentStatus.PENDING, 1)), NOW);

    batch.apply(confirmed("o-1", "c-1"));

    ShipmentChange shipment = only(batch);
    assertThat(shipment.status).isEqualTo(ShipmentStatus.SHIPPED);
    assertThat(shipment.shippedAt).isEqualTo(NOW);
    assertThat(shipment.lastSequence).isEqualTo(2);
    assertThat(shipment.dirty).isTrue();
    assertThat(batch.stats()).isEmpty();
  }

  @Test
  void placedAndConfirmedInOneBatchIsInsertedShipped() {
    FulfillmentBatch batch = new FulfillmentBatch(List.of(), NOW);

    batch.apply(placed("o-1", "c-1", "3.00"));
    batch.apply(confirmed("o-1", "c-1"));

    ShipmentChange shipment = only(batch);
    assertThat(shipment.isNew).isTrue();
    assertThat(shipment.status).isEqualTo(ShipmentStatus.SHIPPED);
    assertThat(shipment.lastSequence).isEqualTo(2);
  }

  @Test
  void aRejectedOrderIsNeverShippedAndNotCounted() {
    FulfillmentBatch batch = new FulfillmentBatch(List.of(stored(ShipmentStatus.PENDING, 1)), NOW);

    batch.apply(rejected("o-1", "c-1"));

    ShipmentChange shipment = only(batch);
    assertThat(shipment.status).isEqualTo(ShipmentStatus.REJECTED);
    assertThat(shipment.shippedAt).isNull();
    assertThat(shipment.rejectReason).isEqualTo("amount-above-limit");
    assertThat(batch.stats()).isEmpty();
  }

  @Test
  void anOrderCancelledAfterShippingIsCancelledAndCounted() {
    FulfillmentBatch batch = new FulfillmentBatch(List.of(stored(ShipmentStatus.SHIPPED, 2)), NOW);

    batch.apply(cancelled("o-1", "c-1", 3));

    ShipmentChange shipment = only(batch);
    assertThat(shipment.status).isEqualTo(ShipmentStatus.CANCELLED);
    assertThat(shipment.lastSequence).isEqualTo(3);
    assertThat(shipment.cancelReason).isEqualTo("customer changed their mind");
    assertThat(batch.stats().get("c-1").cancelled).isEqualTo(1);
    assertThat(batch.stats().get("c-1").placed).isZero();
    assertThat(batch.stats().get("c-1").amount).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void aPendingOrderMayBeCancelled() {
    FulfillmentBatch batch = new FulfillmentBatch(List.of(), NOW);

    batch.apply(placed("o-1", "c-1", "1.00"));
    batch.apply(cancelled("o-1", "c-1"));

    assertThat(only(batch).status).isEqualTo(ShipmentStatus.CANCELLED);
    assertThat(batch.stats().get("c-1").placed).isEqualTo(1);
    assertThat(batch.stats().get("c-1").cancelled).isEqualTo(1);
  }

  @Test
  void movesTheContractNeverMakesAreRefused() {
    assertThatThrownBy(
            () ->
                new FulfillmentBatch(List.of(stored(ShipmentStatus.REJECTED, 2)), NOW)
                    .apply(cancelled("o-1", "c-1", 3)))
        .isInstanceOf(IllegalShipmentTransition.class)
        .hasMessageContaining("is REJECTED: OrderCancelled (sequence 3) cannot make it CANCELLED");
    assertThatThrownBy(
            () ->
                new FulfillmentBatch(List.of(stored(ShipmentStatus.CANCELLED, 2)), NOW)
                    .apply(confirmed("o-1", "c-1")))
        .isInstanceOf(IllegalShipmentTransition.class);
    assertThatThrownBy(
            () -> new FulfillmentBatch(List.of(), NOW).apply(confirmed("o-missing", "c-1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no shipment for OrderConfirmed at sequence 2");
  }

  @Test
  void everyOrderEventTypeIsHandled() {
    Map<String, OrderEvent> oneOfEach =
        List.<OrderEvent>of(
                placed("o-1", "c-1", "1.00"),
                confirmed("o-1", "c-1"),
                rejected("o-1", "c-1"),
                cancelled("o-1", "c-1"))
            .stream()
            .collect(Collectors.toMap(OrderEvent::eventType, Function.identity()));
    assertThat(oneOfEach.keySet()).isEqualTo(OrderEvents.TYPES.keySet());

    for (OrderEvent event : oneOfEach.values()) {
      FulfillmentBatch batch =
          new FulfillmentBatch(List.of(stored(ShipmentStatus.PENDING, 1)), NOW);
      batch.apply(event); // no "not an order event"
    }
  }

  @Test
  void onlyOrdersNotPlacedInTheBatchAreRead() {
    assertThat(
            FulfillmentBatch.storedOrders(
                List.of(
                    confirmed("o-3", "c-1"),
                    placed("o-2", "c-1", "1.00"),
                    cancelled("o-2", "c-1"),
                    rejected("o-1", "c-1"))))
        .containsExactly("o-1", "o-3");
  }

  @Test
  void theStatusesAllowOnlyTheSagasMoves() {
    assertThat(ShipmentStatus.PENDING.mayBecome(ShipmentStatus.SHIPPED)).isTrue();
    assertThat(ShipmentStatus.PENDING.mayBecome(ShipmentStatus.REJECTED)).isTrue();
    assertThat(ShipmentStatus.PENDING.mayBecome(ShipmentStatus.CANCELLED)).isTrue();
    assertThat(ShipmentStatus.SHIPPED.mayBecome(ShipmentStatus.CANCELLED)).isTrue();
    assertThat(ShipmentStatus.SHIPPED.mayBecome(ShipmentStatus.REJECTED)).isFalse();
    assertThat(ShipmentStatus.PENDING.mayBecome(ShipmentStatus.PENDING)).isFalse();
    for (ShipmentStatus next : ShipmentStatus.values()) {
      assertThat(ShipmentStatus.REJECTED.mayBecome(next)).isFalse();
      assertThat(ShipmentStatus.CANCELLED.mayBecome(next)).isFalse();
    }
  }

  private static ShipmentChange stored(ShipmentStatus status, long lastSequence) {
    return ShipmentChange.stored("o-1", "c-1", status, lastSequence);
  }

  private static ShipmentChange only(FulfillmentBatch batch) {
    assertThat(batch.shipments()).hasSize(1);
    return batch.shipments().iterator().next();
  }
}
