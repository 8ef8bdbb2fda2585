package dev.onceflow.dashboard.journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.InboxJournalEntry.Outcome;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Journeys are bounded, indexed by event and order id, and assembled in any arrival order. */
class JourneyStoreTest {

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  static final String TOPIC = OnceflowTopics.ORDER_EVENTS;

  final JourneyStore store = new JourneyStore(3);

  @Test
  void aTimelineFromRequestToEffectWithTheLatencyOfEachHop() {
    store.published(
        "e1",
        "o1",
        OrderEvents.ORDER_PLACED,
        TOPIC,
        2,
        41,
        T0,
        T0.plusMillis(3),
        T0.plusMillis(5),
        T0.plusMillis(25),
        T0);
    store.journal(entry("e1", "o1", Outcome.PROCESSED, 40, 52, false), T0);

    JourneyView view = store.find("e1").get(0);
    assertThat(view.status()).isEqualTo("processed");
    assertThat(view.partition()).isEqualTo(2);
    assertThat(view.offset()).isEqualTo(41);
    assertThat(view.endToEndMillis()).isEqualTo(49.0);
    assertThat(view.hops())
        .extracting(JourneyView.Hop::name)
        .containsExactly(
            "REST request", "outbox write", "DB commit", "published", "received", "processed");
    assertThat(view.hops())
        .extracting(JourneyView.Hop::sincePreviousMillis)
        .containsExactly(null, 3.0, 2.0, 20.0, 15.0, 12.0);
    assertThat(view.hops().get(3).detail()).isEqualTo(TOPIC + " partition 2 offset 41");
  }

  @Test
  void theJournalMayArriveBeforeTheEventAndADuplicateKeepsItProcessed() {
    store.journal(entry("e1", "o1", Outcome.PROCESSED, 40, 52, false), T0);
    assertThat(store.find("o1"))
        .singleElement()
        .extracting(JourneyView::status)
        .isEqualTo("processed");
    store.published(
        "e1",
        "o1",
        OrderEvents.ORDER_PLACED,
        TOPIC,
        0,
        7,
        null,
        T0.plusMillis(3),
        null,
        T0.plusMillis(25),
        T0);
    store.journal(entry("e1", "o1", Outcome.DUPLICATE, 900, 901, false), T0);
    JourneyView view = store.find("e1").get(0);
    assertThat(view.status()).isEqualTo("processed");
    assertThat(view.duplicates()).isEqualTo(1);
    assertThat(view.hops()).extracting(JourneyView.Hop::name).contains("duplicate skipped");
  }

  @Test
  void theSameJournalEntryReadTwiceIsOneOutcome() {
    store.published(
        "e1", "o1", OrderEvents.ORDER_PLACED, TOPIC, 0, 7, null, T0, null, T0.plusMillis(25), T0);
    InboxJournalEntry processed = entry("e1", "o1", Outcome.PROCESSED, 40, 52, false);
    store.journal(processed, T0);
    store.journal(processed, T0);

    JourneyView view = store.find("e1").get(0);
    assertThat(view.duplicates()).isZero();
    assertThat(view.hops())
        .extracting(JourneyView.Hop::name)
        .containsExactly("outbox write", "published", "received", "processed");
  }

  @Test
  void aDeadLetterThenItsReplay() {
    String poison = JourneyStore.key(null, TOPIC, 1, 99);
    store.published(poison, "bad", null, TOPIC, 1, 99, null, null, null, T0, T0);
    store.deadLettered(
        poison, "bad", OrderEvents.ORDER_PLACED, "malformed-json: not JSON", T0.plusMillis(9), T0);
    JourneyView view = store.find(poison).get(0);
    assertThat(view.status()).isEqualTo("dead-lettered");
    // Only the code: the detail may quote the payload, which only the admin's dead-letter list
    // shows.
    assertThat(view.reason()).isEqualTo("malformed-json");
    assertThat(view.hops()).extracting(JourneyView.Hop::name).endsWith("dead-lettered");
    assertThat(view.hops())
        .extracting(JourneyView.Hop::detail)
        .noneSatisfy(detail -> assertThat(detail).contains("not JSON"));

    store.journal(entry("e2", "o2", Outcome.DEAD_LETTERED, 1, 2, false), T0);
    store.journal(entry("e2", "o2", Outcome.PROCESSED, 5_000, 5_010, true), T0);
    JourneyView replayed = store.find("e2").get(0);
    assertThat(replayed.status()).isEqualTo("processed");
    assertThat(replayed.hops())
        .extracting(JourneyView.Hop::detail)
        .contains("fulfillment, replayed from the dead letters");
  }

  @Test
  void boundedOldestFirstAndTheOrderIndexFollows() {
    for (int i = 1; i <= 5; i++) {
      store.published(
          "e" + i, "o" + (i % 2), OrderEvents.ORDER_PLACED, TOPIC, 0, i, null, T0, null, T0, T0);
    }
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.recent(10)).extracting(JourneyView::eventId).containsExactly("e5", "e4", "e3");
    assertThat(store.find("e1")).isEmpty();
    // o1 had e1, e3, e5: e1 was evicted.
    assertThat(store.find("o1")).extracting(JourneyView::eventId).containsExactly("e5", "e3");
    assertThat(store.recent(10)).allSatisfy(v -> assertThat(v.hops()).isNull());
  }

  static InboxJournalEntry entry(
      String eventId,
      String orderId,
      Outcome outcome,
      long receivedMs,
      long committedMs,
      boolean replay) {
    return new InboxJournalEntry(
        eventId,
        "fulfillment",
        outcome,
        OrderEvents.ORDER_PLACED,
        orderId,
        TOPIC,
        0,
        replay ? -1 : 7,
        T0.plusMillis(3),
        T0.plusMillis(receivedMs),
        T0.plusMillis(committedMs),
        outcome == Outcome.DEAD_LETTERED ? "retries-exhausted: db down" : null,
        replay);
  }
}
