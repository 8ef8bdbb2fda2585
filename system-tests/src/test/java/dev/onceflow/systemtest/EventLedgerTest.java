package dev.onceflow.systemtest;

import static dev.onceflow.contract.OnceflowTopics.ORDER_EVENTS;
import static dev.onceflow.contract.OnceflowTopics.PAYMENT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.payment.PaymentEvents;
import dev.onceflow.systemtest.LedgerBooks.Inbox;
import dev.onceflow.systemtest.LedgerRows.Row;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The events part of the ledger on hand-made books: each way an event can go wrong between a
 * committed row and an inbox is planted once, on either outbox, and must be counted once, in its
 * own row.
 */
class EventLedgerTest {

  private final BalancedBooks books = new BalancedBooks();

  @Test
  void balancedBooksCountNothingButTotals() {
    Ledger ledger = books.balance();

    assertThat(ledger.violations(true)).isEmpty();
    assertThat(ledger.findings()).isEmpty();
    assertThat(ledger.count("order_events")).isEqualTo(9);
    assertThat(ledger.count("order_records")).isEqualTo(9);
    assertThat(ledger.count("payment_events")).isEqualTo(5);
    assertThat(ledger.count("payment_records")).isEqualTo(5);
    assertThat(ledger.count("fulfillment_inbox_entries")).isEqualTo(9);
    assertThat(ledger.count("payments_inbox_entries")).isEqualTo(9);
    assertThat(ledger.count("orders_inbox_entries")).isEqualTo(5);
  }

  @Test
  void anOrderEventMissingFromKafkaIsLost() {
    books.unpublish(books.record(ORDER_EVENTS, books.confirmed, 2));

    assertOnly("order_events_lost", 1);
  }

  @Test
  void aRefundMissingFromKafkaIsLost() {
    books.unpublish(books.record(PAYMENT_EVENTS, books.cancelledAfterConfirmation, 2));

    assertOnly("payment_events_lost", 1);
  }

  @Test
  void theSameRecordTwiceIsADuplicateAndAnOrderViolationThatOnlyExactlyOnceForbids() {
    EventRecord decision = books.record(PAYMENT_EVENTS, books.confirmed, 1);
    books.append(
        PAYMENT_EVENTS,
        decision.partition(),
        books.confirmed,
        UUID.fromString(decision.eventId()),
        PaymentEvents.PAYMENT_AUTHORIZED,
        1);

    Ledger ledger = books.balance();

    assertThat(ledger.count("payment_records_duplicate_event_id")).isEqualTo(1);
    assertThat(ledger.count("payment_sequence_regressions")).isEqualTo(1);
    assertThat(ledger.duplicateKafkaRecords()).isEqualTo(1);
    assertThat(ledger.effectsExact()).isTrue();
    assertThat(ledger.violations(true))
        .extracting(Row::key)
        .containsExactlyInAnyOrder(
            "payment_records_duplicate_event_id", "payment_sequence_regressions");
  }

  @Test
  void theSameAggregateEventUnderAnotherIdIsADuplicate() {
    EventRecord placed = books.record(ORDER_EVENTS, books.rejected, 1);
    books.append(
        ORDER_EVENTS,
        placed.partition(),
        books.rejected,
        UUID.randomUUID(),
        OrderEvents.ORDER_PLACED,
        1);

    Ledger ledger = books.balance();

    assertThat(ledger.count("order_events_duplicate_other_id")).isEqualTo(1);
    assertThat(ledger.effectsExact()).isFalse();
  }

  @Test
  void aPaymentEventNoPaymentImpliesIsAPhantom() {
    books.append(
        PAYMENT_EVENTS, books.confirmed, UUID.randomUUID(), PaymentEvents.PAYMENT_REFUNDED, 2);

    Ledger ledger = books.balance();

    assertThat(ledger.count("payment_events_phantom")).isEqualTo(1);
  }

  @Test
  void anOrderEventOfARolledBackOrderIsAPhantomAndSoIsItsEffect() {
    UUID rolledBack = UUID.randomUUID();
    EventRecord placed =
        books.append(ORDER_EVENTS, rolledBack, UUID.randomUUID(), OrderEvents.ORDER_PLACED, 1);
    books.applied(Inbox.FULFILLMENT, placed);

    Ledger ledger = books.balance();

    assertThat(ledger.count("order_events_phantom")).isEqualTo(1);
    assertThat(ledger.count("fulfillment_inbox_entries_unexplained")).isEqualTo(1);
  }

  @Test
  void aSequenceGoingBackInItsPartitionIsAnOrderViolation() {
    EventRecord confirmedEvent = books.record(ORDER_EVENTS, books.confirmed, 2);
    books.records.remove(confirmedEvent);
    books.records.add(
        books.records.indexOf(books.record(ORDER_EVENTS, books.confirmed, 1)), confirmedEvent);

    assertOnlyWhenExactlyOnce("order_sequence_regressions", 1);
  }

  @Test
  void aKeyInTwoPartitionsIsAnOrderViolation() {
    EventRecord refund = books.record(PAYMENT_EVENTS, books.cancelledAfterConfirmation, 2);
    books.records.set(
        books.records.indexOf(refund),
        new EventRecord(
            refund.topic(),
            refund.partition() + 1,
            99,
            refund.key(),
            refund.eventId(),
            refund.eventType(),
            refund.sequence(),
            refund.customerId()));

    assertOnly("payment_keys_in_several_partitions", 1);
  }

  @Test
  void anOrderEventPaymentServiceNeverAppliedIsNotApplied() {
    EventRecord cancel = books.record(ORDER_EVENTS, books.cancelledAfterConfirmation, 3);
    books.inboxes.get(Inbox.PAYMENTS).remove(UUID.fromString(cancel.eventId()));

    assertOnly("payments_events_not_applied", 1);
  }

  @Test
  void aPaymentEventParkedInOrderServicesInboxIsNotApplied() {
    EventRecord decision = books.record(PAYMENT_EVENTS, books.rejected, 1);
    books.inboxes.get(Inbox.ORDERS).put(UUID.fromString(decision.eventId()), false);

    assertOnly("orders_events_not_applied", 1);
  }

  @Test
  void aRecordOnATopicNoDatabaseFeedsIsCounted() {
    books.append(
        OnceflowTopics.EVENT_TOPIC_PREFIX + "invoice",
        books.confirmed,
        UUID.randomUUID(),
        "InvoiceSent",
        1);

    assertOnly("event_records_unknown_topic", 1);
  }

  @Test
  void anOversizedEventOnTheRelayDeadLetterTopicOnceCountsNothing() {
    String id = UUID.randomUUID().toString();
    books.oversized.add(id);
    books.relayDeadLetters.add(relayDeadLetter(0, id));

    Ledger ledger = books.balance();

    assertThat(ledger.count("relay_dead_letters")).isEqualTo(1);
    assertThat(ledger.violations(true)).isEmpty();
  }

  @Test
  void anOversizedEventMissingFromTheRelayDeadLetterTopicIsLost() {
    books.oversized.add(UUID.randomUUID().toString());

    assertOnly("oversized_events_lost", 1);
  }

  @Test
  void anOversizedEventDeadLetteredTwiceIsADuplicate() {
    String id = UUID.randomUUID().toString();
    books.oversized.add(id);
    books.relayDeadLetters.add(relayDeadLetter(0, id));
    books.relayDeadLetters.add(relayDeadLetter(1, id));

    assertOnlyWhenExactlyOnce("relay_dead_letters_duplicate", 1);
  }

  @Test
  void aRelayDeadLetterNobodyInjectedIsUnexpected() {
    books.relayDeadLetters.add(relayDeadLetter(0, UUID.randomUUID().toString()));

    assertOnly("relay_dead_letters_unexpected", 1);
  }

  /** {@code key} counts {@code n}, and no other row that must be zero counts anything. */
  private void assertOnly(String key, long n) {
    Ledger ledger = books.balance();
    assertThat(ledger.violations(true)).extracting(Row::key).containsExactly(key);
    assertThat(ledger.count(key)).isEqualTo(n);
    assertThat(ledger.findings()).anyMatch(finding -> finding.startsWith(key + ": "));
  }

  /** As {@link #assertOnly}, for a row an at-least-once relay may make positive. */
  private void assertOnlyWhenExactlyOnce(String key, long n) {
    assertOnly(key, n);
    assertThat(books.balance().violations(false)).isEmpty();
  }

  private static EventRecord relayDeadLetter(long offset, String id) {
    return new EventRecord(
        OnceflowTopics.RELAY_DEAD_LETTERS,
        0,
        offset,
        UUID.randomUUID().toString(),
        id,
        OrderEvents.ORDER_PLACED,
        1,
        null);
  }
}
