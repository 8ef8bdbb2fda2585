package dev.onceflow.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.systemtest.LedgerBooks.Payment;
import dev.onceflow.systemtest.LedgerBooks.Stats;
import dev.onceflow.systemtest.LedgerRows.Row;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The saga part of the ledger on hand-made books: each way an order's end can contradict its
 * payment or its shipment is planted once in the databases' state and must be counted, in its own
 * row.
 */
class SagaLedgerTest {

  private final BalancedBooks books = new BalancedBooks();

  @Test
  void balancedBooksCountEachEndOfTheSaga() {
    Ledger ledger = books.balance();

    assertThat(ledger.violations(true)).isEmpty();
    assertThat(ledger.count("orders")).isEqualTo(4);
    assertThat(ledger.count("orders_confirmed")).isEqualTo(1);
    assertThat(ledger.count("orders_rejected")).isEqualTo(1);
    assertThat(ledger.count("orders_cancelled")).isEqualTo(2);
    assertThat(ledger.count("payments_refunded")).isEqualTo(1);
    assertThat(ledger.count("payments_declined")).isEqualTo(2);
  }

  @Test
  void aConfirmedOrderWithADeclinedPaymentIsCounted() {
    books.payment(books.confirmed, SagaLedger.DECLINED, "10.00", null);

    assertThat(sagaViolations())
        .containsExactlyInAnyOrder(
            "confirmed_payment_not_authorized", "payments_wrong_amount_or_decision");
  }

  @Test
  void aConfirmedOrderWhosePaymentWasRefundedIsARefundWithoutCancel() {
    books.payment(books.confirmed, SagaLedger.REFUNDED, "10.00", BalancedBooks.CANCELLED_AT);

    assertThat(sagaViolations())
        .containsExactlyInAnyOrder("confirmed_payment_not_authorized", "refunds_without_cancel");
  }

  @Test
  void aRefundBeforeTheCancelIsARefundWithoutCancel() {
    books.payment(
        books.cancelledAfterConfirmation,
        SagaLedger.REFUNDED,
        "2.50",
        BalancedBooks.CANCELLED_AT.minusSeconds(1));

    assertThat(sagaViolations()).containsExactly("refunds_without_cancel");
  }

  @Test
  void aRejectedOrderWithAnAuthorisedPaymentIsCounted() {
    books.payment(books.rejected, SagaLedger.AUTHORIZED, "1500.00", null);

    assertThat(sagaViolations())
        .containsExactlyInAnyOrder(
            "rejected_payment_not_declined", "payments_wrong_amount_or_decision");
  }

  @Test
  void aCancelledOrderWhosePaymentWasNeverRefundedIsCounted() {
    books.payment(books.cancelledAfterConfirmation, SagaLedger.AUTHORIZED, "2.50", null);

    assertThat(sagaViolations()).containsExactly("cancelled_payment_kept");
  }

  @Test
  void twoPaymentsForOneOrderAreCounted() {
    books.payments.add(
        new Payment(
            books.confirmed.toString(), SagaLedger.AUTHORIZED, new BigDecimal("10.00"), null));

    assertThat(sagaViolations()).containsExactly("payments_beyond_one_per_order");
  }

  @Test
  void aPaymentForAnotherAmountIsCounted() {
    books.payment(books.confirmed, SagaLedger.AUTHORIZED, "11.00", null);

    assertThat(sagaViolations()).containsExactly("payments_wrong_amount_or_decision");
  }

  @Test
  void anOrderWithoutPaymentAndAPaymentWithoutOrderAreCounted() {
    books.payments.removeIf(p -> p.orderId().equals(books.confirmed.toString()));
    books.payment(UUID.randomUUID(), SagaLedger.AUTHORIZED, "10.00", null);

    assertThat(sagaViolations())
        .containsExactlyInAnyOrder("orders_without_payment", "payments_without_order");
  }

  @Test
  void aShippedShipmentOfARejectedOrderIsCounted() {
    books.shipment(books.rejected, SagaLedger.SHIPPED, 2, "1500.00", true);

    assertThat(sagaViolations()).containsExactly("rejected_shipment_not_rejected");
  }

  @Test
  void aConfirmedOrderStillPendingShipmentIsCounted() {
    books.shipment(books.confirmed, "PENDING", 1, "10.00", false);

    assertThat(sagaViolations())
        .containsExactlyInAnyOrder("confirmed_not_shipped", "shipments_differing_from_order");
  }

  @Test
  void aCancelledOrderWhoseShipmentStillShipsIsCounted() {
    books.shipment(books.cancelledAfterConfirmation, SagaLedger.SHIPPED, 3, "2.50", true);

    assertThat(sagaViolations()).containsExactly("cancelled_shipment_not_cancelled");
  }

  @Test
  void anOrderWithoutShipmentAndAShipmentWithoutOrderAreCounted() {
    books.shipments.remove(books.cancelledWhilePlaced.toString());
    books.shipment(UUID.randomUUID(), "PENDING", 1, "3.00", false);

    assertThat(sagaViolations())
        .containsExactlyInAnyOrder("orders_without_shipment", "shipments_without_order");
  }

  @Test
  void anOrderLeftPlacedIsUndecided() {
    books.order(books.confirmed, SagaLedger.PLACED, 1, "10.00", null);
    books.unpublish(
        books.record(dev.onceflow.contract.OnceflowTopics.ORDER_EVENTS, books.confirmed, 2));

    assertThat(sagaViolations())
        .contains("orders_undecided")
        .doesNotContain("orders_version_inconsistent");
  }

  @Test
  void aConfirmedOrderAtAnotherVersionIsInconsistent() {
    books.order(books.confirmed, SagaLedger.CONFIRMED, 3, "10.00", null);

    assertThat(sagaViolations()).contains("orders_version_inconsistent");
  }

  @Test
  void countersAboveBelowOrOffTheOrdersAreCounted() {
    books.stats.put(BalancedBooks.CUSTOMER, new Stats(5, 1, new BigDecimal("2712.50")));
    assertThat(sagaViolations())
        .containsExactlyInAnyOrder("counters_duplicate_effects", "counters_lost_effects");

    books.stats.put(BalancedBooks.CUSTOMER, new Stats(4, 2, new BigDecimal("2700.00")));
    assertThat(sagaViolations()).containsExactly("counters_amount_wrong");
  }

  /**
   * The keys of the saga's rows that must be zero and are not. (Changing a payment's row also
   * changes the events it implies: the events part counts that, as {@link EventLedgerTest} shows.)
   */
  private List<String> sagaViolations() {
    return SagaLedger.balance(books.books()).rows().stream()
        .filter(row -> row.violated(true))
        .map(Row::key)
        .toList();
  }
}
