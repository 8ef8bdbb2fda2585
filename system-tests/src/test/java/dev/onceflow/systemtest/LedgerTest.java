package dev.onceflow.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.systemtest.LedgerRows.Row;
import dev.onceflow.systemtest.RequestLog.Kind;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The client's side of the ledger and its whole on hand-made books: what the REST API acknowledged
 * or refused against the orders database, dead letters and parked events, and the rule that every
 * count but the totals is zero. (The events part: {@link EventLedgerTest}; the saga part: {@link
 * SagaLedgerTest}.)
 */
class LedgerTest {

  private final BalancedBooks books = new BalancedBooks();

  @Test
  void balancedBooksHaveOnlyTotals() {
    Ledger ledger = books.balance();

    assertThat(ledger.effectsExact()).isTrue();
    assertThat(ledger.violations(true)).isEmpty();
    assertThat(ledger.rows())
        .filteredOn(row -> row.rule() == LedgerRows.Rule.TOTAL)
        .extracting(Row::key)
        .contains("orders", "payments", "shipments", "order_events", "payment_events");
    assertThat(ledger.values()).containsEntry("orders", 4L).containsEntry("order_events_lost", 0L);
  }

  @Test
  void anAcknowledgedOrderMissingFromTheDatabaseIsCounted() {
    books.requests.created("key-lost", UUID.randomUUID());

    assertThat(violations()).containsExactly("acknowledged_orders_missing");
  }

  @Test
  void anAcknowledgedCancellationNotInTheDatabaseIsCounted() {
    books.requests.cancelled(books.confirmed);

    assertThat(violations()).containsExactly("acknowledged_cancellations_missing");
  }

  @Test
  void aCancellationRefusedOnlyForARejectedOrder() {
    books.requests.cancelRefused(books.rejected);
    assertThat(violations()).isEmpty();

    books.requests.cancelRefused(books.confirmed);
    assertThat(violations()).containsExactly("refused_cancellations_not_rejected");
  }

  @Test
  void whatARefusedRequestWroteIsCounted() {
    books.requests.rejected(Kind.INVALID, "invalid-1", "reject-1");
    books.keys.add("invalid-1");

    assertThat(violations()).containsExactly("refused_requests_written");
  }

  @Test
  void anEventOfARefusedCustomerIsCounted() {
    books.requests.rejected(Kind.INVALID, null, BalancedBooks.CUSTOMER);

    // Its four orders, its event records and its counters: each is something written.
    assertThat(violations()).containsExactly("refused_requests_written");
    assertThat(books.balance().count("refused_requests_written")).isEqualTo(4 + 14 + 1);
  }

  @Test
  void unexpectedAnswersAndIdempotencyViolationsAreCounted() {
    books.requests.unexpected(Kind.PLACE, "placement answered 418");
    books.requests.idempotencyViolation("replay answered another order");

    assertThat(violations())
        .containsExactlyInAnyOrder("unexpected_responses", "idempotency_violations");
    assertThat(books.balance().findings()).contains("request: placement answered 418");
  }

  @Test
  void deadLettersAndParkedEventsBreakExactness() {
    books.deadLetters = 1;
    books.parked = 2;

    Ledger ledger = books.balance();

    assertThat(violations()).containsExactlyInAnyOrder("dead_letters", "parked");
    assertThat(ledger.count("parked")).isEqualTo(2);
    assertThat(ledger.effectsExact()).isFalse();
  }

  @Test
  void theRelayDeadLetterOfAnOversizedEventIsATotal() {
    String id = UUID.randomUUID().toString();
    books.oversized.add(id);
    books.relayDeadLetters.add(
        new EventRecord(
            OnceflowTopics.RELAY_DEAD_LETTERS,
            0,
            0,
            UUID.randomUUID().toString(),
            id,
            OrderEvents.ORDER_PLACED,
            1,
            null));

    assertThat(books.balance().values()).containsEntry("relay_dead_letters", 1L);
    assertThat(violations()).isEmpty();
  }

  private List<String> violations() {
    return books.balance().violations(true).stream().map(Row::key).toList();
  }
}
