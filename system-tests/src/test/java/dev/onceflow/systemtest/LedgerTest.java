package dev.onceflow.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.systemtest.Ledger.Books;
import dev.onceflow.systemtest.Ledger.Order;
import dev.onceflow.systemtest.Ledger.Shipment;
import dev.onceflow.systemtest.Ledger.Stats;
import dev.onceflow.systemtest.RequestLog.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's arithmetic on hand-made books, so that a zero in the system test means "nothing went
 * wrong" and not "nothing was counted": each kind of fault the system tests look for is planted
 * once here and must be counted once.
 */
class LedgerTest {

  private static final String CUSTOMER = "customer-1";

  private final UUID placed = UUID.randomUUID();
  private final UUID cancelled = UUID.randomUUID();
  private final String placedEvent = UUID.randomUUID().toString();
  private final String cancelledPlacedEvent = UUID.randomUUID().toString();
  private final String cancelledEvent = UUID.randomUUID().toString();

  private Map<UUID, Order> orders;
  private Set<String> keys;
  private List<EventRecord> records;
  private Map<UUID, Boolean> inbox;
  private Map<String, Shipment> shipments;
  private Map<String, Stats> stats;
  private RequestLog requests;
  private List<EventRecord> relayDeadLetters;
  private Set<String> oversized;

  /** Two orders, one cancelled, and everything that should follow from them. */
  @BeforeEach
  void balancedBooks() {
    orders = new HashMap<>();
    orders.put(placed, new Order(placed, CUSTOMER, false, new BigDecimal("10.00")));
    orders.put(cancelled, new Order(cancelled, CUSTOMER, true, new BigDecimal("2.50")));
    keys = new HashSet<>(Set.of("order-1", "order-2"));
    records = new ArrayList<>();
    records.add(record(0, 0, placed, placedEvent, OrderEvents.ORDER_PLACED, 1));
    records.add(record(0, 1, cancelled, cancelledPlacedEvent, OrderEvents.ORDER_PLACED, 1));
    records.add(record(0, 2, cancelled, cancelledEvent, OrderEvents.ORDER_CANCELLED, 2));
    inbox = new HashMap<>();
    for (String id : List.of(placedEvent, cancelledPlacedEvent, cancelledEvent)) {
      inbox.put(UUID.fromString(id), true);
    }
    shipments = new HashMap<>();
    shipments.put(placed.toString(), new Shipment(CUSTOMER, "CREATED", 1, new BigDecimal("10.00")));
    shipments.put(
        cancelled.toString(), new Shipment(CUSTOMER, "CANCELLED", 2, new BigDecimal("2.50")));
    stats = new HashMap<>();
    stats.put(CUSTOMER, new Stats(2, 1, new BigDecimal("12.50")));
    requests = new RequestLog();
    requests.created("order-1", placed);
    requests.created("order-2", cancelled);
    requests.cancelled(cancelled);
    relayDeadLetters = new ArrayList<>();
    oversized = new HashSet<>();
  }

  @Test
  void balancedBooksCountNothing() {
    Ledger ledger = balance();

    assertThat(ledger.events).isEqualTo(3);
    assertThat(ledger.kafkaRecords).isEqualTo(3);
    assertThat(ledger.effectsExact()).isTrue();
    assertThat(ledger.duplicateKafkaRecords).isZero();
    assertThat(ledger.orderViolations).isZero();
    assertThat(ledger.findings()).isEmpty();
  }

  @Test
  void anEventMissingFromKafkaIsLost() {
    records.remove(2);
    inbox.remove(UUID.fromString(cancelledEvent));
    shipments.put(
        cancelled.toString(), new Shipment(CUSTOMER, "CREATED", 1, new BigDecimal("2.50")));
    stats.put(CUSTOMER, new Stats(2, 0, new BigDecimal("12.50")));

    Ledger ledger = balance();

    assertThat(ledger.lost).isEqualTo(1);
    assertThat(ledger.lostEffects).isPositive();
    assertThat(ledger.duplicateKafkaRecords).isZero();
  }

  @Test
  void theSameEventTwiceInKafkaIsADuplicateAndAnOrderViolation() {
    records.add(record(0, 3, placed, placedEvent, OrderEvents.ORDER_PLACED, 1));

    Ledger ledger = balance();

    assertThat(ledger.duplicateKafkaRecords).isEqualTo(1);
    assertThat(ledger.orderViolations).isEqualTo(1);
    assertThat(ledger.effectsExact()).isTrue();
  }

  @Test
  void theSameAggregateEventUnderAnotherIdIsADuplicate() {
    records.add(record(0, 3, placed, UUID.randomUUID().toString(), OrderEvents.ORDER_PLACED, 1));

    assertThat(balance().duplicateKafkaRecords).isEqualTo(1);
  }

  @Test
  void aCounterIncrementedTwiceIsADuplicateEffect() {
    stats.put(CUSTOMER, new Stats(3, 1, new BigDecimal("22.50")));

    Ledger ledger = balance();

    assertThat(ledger.duplicateEffects).isEqualTo(1);
    assertThat(ledger.lost).isZero();
  }

  @Test
  void anEventNoCommittedOrderImpliesIsAPhantom() {
    UUID rolledBack = UUID.randomUUID();
    String event = UUID.randomUUID().toString();
    records.add(record(1, 0, rolledBack, event, OrderEvents.ORDER_PLACED, 1));
    inbox.put(UUID.fromString(event), true);

    Ledger ledger = balance();

    assertThat(ledger.phantomEvents).isEqualTo(1);
    assertThat(ledger.phantomEffects).isEqualTo(1);
  }

  @Test
  void aSequenceGoingBackInItsPartitionIsAnOrderViolation() {
    records.set(1, record(0, 1, cancelled, cancelledEvent, OrderEvents.ORDER_CANCELLED, 2));
    records.set(2, record(0, 2, cancelled, cancelledPlacedEvent, OrderEvents.ORDER_PLACED, 1));

    Ledger ledger = balance();

    assertThat(ledger.orderViolations).isEqualTo(1);
    assertThat(ledger.values()).containsEntry("order_violations_going_backwards", 1L);
  }

  @Test
  void aKeyInTwoPartitionsIsAnOrderViolation() {
    records.set(2, record(1, 0, cancelled, cancelledEvent, OrderEvents.ORDER_CANCELLED, 2));

    assertThat(balance().orderViolations).isEqualTo(1);
  }

  @Test
  void anAcknowledgedOrderMissingFromTheDatabaseIsLost() {
    requests.created("order-3", UUID.randomUUID());

    assertThat(balance().lost).isEqualTo(1);
  }

  @Test
  void anAcknowledgedCancellationNotInTheDatabaseIsLost() {
    requests.cancelled(placed);

    assertThat(balance().lost).isEqualTo(1);
  }

  @Test
  void whatARefusedRequestWroteIsAPhantom() {
    requests.rejected(Kind.INVALID, "invalid-1", "reject-1");
    keys.add("invalid-1");

    assertThat(balance().phantomEvents).isEqualTo(1);
  }

  @Test
  void anOversizedEventOnTheRelayDeadLetterTopicOnceCountsNothing() {
    String id = UUID.randomUUID().toString();
    oversized.add(id);
    relayDeadLetters.add(relayDeadLetter(0, id));

    Ledger ledger = balance();

    assertThat(ledger.relayDeadLetters).isEqualTo(1);
    assertThat(ledger.lost).isZero();
    assertThat(ledger.duplicateKafkaRecords).isZero();
    assertThat(ledger.unexpectedRelayDeadLetters).isZero();
    assertThat(ledger.effectsExact()).isTrue();
  }

  @Test
  void anOversizedEventMissingFromTheRelayDeadLetterTopicIsLost() {
    oversized.add(UUID.randomUUID().toString());

    assertThat(balance().lost).isEqualTo(1);
  }

  @Test
  void anOversizedEventDeadLetteredTwiceIsADuplicate() {
    String id = UUID.randomUUID().toString();
    oversized.add(id);
    relayDeadLetters.add(relayDeadLetter(0, id));
    relayDeadLetters.add(relayDeadLetter(1, id));

    assertThat(balance().duplicateKafkaRecords).isEqualTo(1);
  }

  @Test
  void aRelayDeadLetterNobodyInjectedIsUnexpected() {
    relayDeadLetters.add(relayDeadLetter(0, UUID.randomUUID().toString()));

    assertThat(balance().unexpectedRelayDeadLetters).isEqualTo(1);
  }

  @Test
  void deadLettersAndParkedEventsBreakExactness() {
    Ledger ledger =
        Ledger.balance(
            new Books(orders, keys, records, inbox, shipments, stats, 1, 1, List.of(), Set.of()),
            requests);

    assertThat(ledger.deadLetters).isEqualTo(1);
    assertThat(ledger.parked).isEqualTo(1);
    assertThat(ledger.effectsExact()).isFalse();
  }

  private Ledger balance() {
    return Ledger.balance(
        new Books(
            orders, keys, records, inbox, shipments, stats, 0, 0, relayDeadLetters, oversized),
        requests);
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

  private static EventRecord record(
      int partition, long offset, UUID order, String id, String type, long sequence) {
    return new EventRecord(
        OnceflowTopics.ORDER_EVENTS,
        partition,
        offset,
        order.toString(),
        id,
        type,
        sequence,
        CUSTOMER);
  }
}
