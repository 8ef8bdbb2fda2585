package dev.onceflow.dashboard.journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.InboxJournalEntry.Outcome;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.payment.PaymentEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An order followed across the saga from its events on two topics and the consumers' journal, in
 * whatever order they arrive: each step with its hop's latency, the consumer that wrote each
 * answer, and the outcome.
 */
class SagaStepsTest {

  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final String ORDERS = OnceflowTopics.ORDER_EVENTS;
  static final String PAYMENTS = OnceflowTopics.PAYMENT_EVENTS;

  final JourneyStore store = new JourneyStore(100);

  @Test
  void placedAuthorisedConfirmedShippedWithEachHopsLatency() {
    // The journal first, then the events: arrival order does not matter.
    store.journal(handled("payments", "placed-1", OrderEvents.ORDER_PLACED, ORDERS, 20, 40), T0);
    store.journal(
        handled("orders", "paid-1", PaymentEvents.PAYMENT_AUTHORIZED, PAYMENTS, 70, 90), T0);
    store.journal(
        handled("fulfillment", "confirmed-1", OrderEvents.ORDER_CONFIRMED, ORDERS, 110, 125), T0);
    store.journal(
        handled("payments", "confirmed-1", OrderEvents.ORDER_CONFIRMED, ORDERS, 105, 108), T0);
    publish("placed-1", OrderEvents.ORDER_PLACED, ORDERS, 0);
    publish("paid-1", PaymentEvents.PAYMENT_AUTHORIZED, PAYMENTS, 30);
    publish("confirmed-1", OrderEvents.ORDER_CONFIRMED, ORDERS, 80);

    SagaView saga = store.saga("o1", "fulfillment");

    assertThat(saga.outcome()).isEqualTo("SHIPPED");
    assertThat(saga.steps())
        .extracting(SagaView.Step::name)
        .containsExactly("placed", "payment authorised", "confirmed", "shipped");
    assertThat(saga.steps())
        .extracting(SagaView.Step::sincePreviousMillis)
        .containsExactly(null, 30.0, 50.0, 45.0);
    assertThat(saga.steps())
        .extracting(SagaView.Step::by)
        .containsExactly(null, "payments", "orders", "fulfillment");
    assertThat(saga.steps())
        .extracting(SagaView.Step::topic)
        .containsExactly(ORDERS, PAYMENTS, ORDERS, ORDERS);
    assertThat(saga.totalMillis()).isEqualTo(125.0);
    assertThat(saga.steps().get(1).detail())
        .startsWith(
            "payments received OrderPlaced 20 ms after it was written, wrote this 10 ms later");
  }

  @Test
  void aDeclinedPaymentEndsRejectedAndNeverShips() {
    publish("placed-1", OrderEvents.ORDER_PLACED, ORDERS, 0);
    store.journal(handled("payments", "placed-1", OrderEvents.ORDER_PLACED, ORDERS, 5, 15), T0);
    publish("declined-1", PaymentEvents.PAYMENT_DECLINED, PAYMENTS, 10);
    assertThat(store.saga("o1", "fulfillment").outcome()).isEqualTo("DECLINED");

    store.journal(
        handled("orders", "declined-1", PaymentEvents.PAYMENT_DECLINED, PAYMENTS, 20, 30), T0);
    publish("rejected-1", OrderEvents.ORDER_REJECTED, ORDERS, 25);
    store.journal(
        handled("fulfillment", "rejected-1", OrderEvents.ORDER_REJECTED, ORDERS, 40, 44), T0);

    SagaView saga = store.saga("o1", "fulfillment");
    assertThat(saga.outcome()).isEqualTo("REJECTED");
    assertThat(saga.steps())
        .extracting(SagaView.Step::name)
        .containsExactly("placed", "payment declined", "rejected", "not shipped");
    assertThat(saga.steps())
        .extracting(SagaView.Step::sincePreviousMillis)
        .containsExactly(null, 10.0, 15.0, 19.0);
  }

  @Test
  void aSagaInProgressACancellationAndAnUnknownOrder() {
    publish("placed-1", OrderEvents.ORDER_PLACED, ORDERS, 0);
    assertThat(store.saga("o1", "fulfillment").outcome()).isEqualTo("PLACED");
    publish("paid-1", PaymentEvents.PAYMENT_AUTHORIZED, PAYMENTS, 30);
    publish("confirmed-1", OrderEvents.ORDER_CONFIRMED, ORDERS, 60);
    assertThat(store.saga("o1", "fulfillment").outcome()).isEqualTo("CONFIRMED");
    publish("cancelled-1", OrderEvents.ORDER_CANCELLED, ORDERS, 500);
    publish("refunded-1", PaymentEvents.PAYMENT_REFUNDED, PAYMENTS, 530);

    SagaView saga = store.saga("o1", "fulfillment");
    assertThat(saga.outcome()).isEqualTo("CANCELLED");
    assertThat(saga.steps())
        .extracting(SagaView.Step::name)
        .containsExactly(
            "placed", "payment authorised", "confirmed", "cancelled", "payment refunded");
    assertThat(store.saga("nobody", "fulfillment")).isNull();
  }

  private void publish(String eventId, String type, String topic, long createdMs) {
    store.published(
        eventId,
        "o1",
        type,
        topic,
        0,
        createdMs,
        null,
        T0.plusMillis(createdMs),
        T0.plusMillis(createdMs + 1),
        T0.plusMillis(createdMs + 2),
        T0);
  }

  private static InboxJournalEntry handled(
      String consumer,
      String eventId,
      String type,
      String topic,
      long receivedMs,
      long committedMs) {
    return new InboxJournalEntry(
        eventId,
        consumer,
        Outcome.PROCESSED,
        type,
        "o1",
        topic,
        0,
        0,
        null,
        T0.plusMillis(receivedMs),
        T0.plusMillis(committedMs),
        null,
        false);
  }
}
