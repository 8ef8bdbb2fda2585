package dev.onceflow.dashboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconciliation alone (plain unit test, no Kafka): each anomaly kind, and none when clean. */
class ReconcilerTest {

  static final String TOPIC = OnceflowTopics.ORDER_EVENTS;
  static final Instant START = Instant.parse("2026-12-05T10:00:00Z");
  static final Duration STUCK_AFTER = Duration.ofSeconds(60);

  final List<Anomaly> found = new ArrayList<>();
  final AnomalyLog log = new AnomalyLog(10, found::add);
  final Reconciler audit = reconciler(1000, 1000);

  Reconciler reconciler(int maxEvents, int maxAggregates) {
    return new Reconciler(
        List.of("fulfillment"), STUCK_AFTER, START, maxEvents, maxAggregates, log);
  }

  static Instant at(long seconds) {
    return START.plusSeconds(seconds);
  }

  static InboxJournalEntry entry(
      String eventId, InboxJournalEntry.Outcome outcome, long offset, Instant committedAt) {
    return new InboxJournalEntry(
        eventId,
        "fulfillment",
        outcome,
        OrderEvents.ORDER_PLACED,
        "o-" + eventId,
        TOPIC,
        0,
        offset,
        START,
        committedAt,
        committedAt,
        null,
        false);
  }

  void publishAndApply(String eventId, String order, long sequence, long offset, long second) {
    audit.published(eventId, TOPIC, 0, offset, order, sequence, at(second), at(second));
    audit.journal(
        entry(eventId, InboxJournalEntry.Outcome.PROCESSED, offset, at(second)), at(second));
  }

  @Test
  void cleanTrafficIsProvedOnceWithNoAnomaly() {
    for (int i = 0; i < 100; i++) {
      publishAndApply("e" + i, "order-" + (i / 2), 1 + i % 2, i, i);
      audit.written(TOPIC, "order-" + (i / 2), 1 + i % 2, at(i), "order-service", at(i + 90));
    }
    // The journal is produced at least once: the same entry twice is one application.
    audit.journal(entry("e7", InboxJournalEntry.Outcome.PROCESSED, 7, at(7)), at(8));
    // A rebalance re-reads a record: the same offset is not a second publication.
    audit.published("e8", TOPIC, 0, 8, "order-4", 1L, at(8), at(9));
    audit.check(at(1000));

    assertThat(found).isEmpty();
    Reconciler.Counts counts = audit.counts();
    assertThat(counts.publishedOnce()).isEqualTo(100);
    assertThat(counts.writtenPublished()).isEqualTo(100);
    assertThat(counts.appliedOnce()).containsEntry("fulfillment", 100L);
    assertThat(counts.unaudited()).isZero();
    assertThat(audit.proof("e42")).isEqualTo("once");
  }

  @Test
  void oneEventIdAtTwoOffsetsIsADuplicateAtKafka() {
    publishAndApply("dup", "order-1", 1, 10, 1);
    audit.published("dup", TOPIC, 0, 11, "order-1", 1L, at(2), at(2));

    assertThat(found)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Anomaly.Kind.DUPLICATE);
              assertThat(a.consumer()).isEqualTo(Anomaly.KAFKA);
              assertThat(a.eventIds()).containsExactly("dup");
              assertThat(a.detail()).contains(TOPIC + "-0@10", TOPIC + "-0@11");
            });
    assertThat(audit.proof("dup")).isEqualTo("duplicate");
    assertThat(audit.counts().publishedOnce()).isZero();
  }

  @Test
  void twoDifferentApplicationsByOneConsumerAreADuplicate() {
    publishAndApply("twice", "order-1", 1, 10, 1);
    audit.journal(entry("twice", InboxJournalEntry.Outcome.PROCESSED, 10, at(5)), at(5));

    assertThat(found)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Anomaly.Kind.DUPLICATE);
              assertThat(a.consumer()).isEqualTo("fulfillment");
              assertThat(a.eventIds()).containsExactly("twice");
            });
    assertThat(audit.counts().appliedOnce()).containsEntry("fulfillment", 0L);
  }

  @Test
  void aSkippedSequenceIsAGapNamingTheEventAfterIt() {
    publishAndApply("s1", "order-1", 1, 0, 1);
    publishAndApply("s3", "order-1", 3, 1, 2);

    assertThat(found)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Anomaly.Kind.GAP);
              assertThat(a.eventIds()).containsExactly("s3");
              assertThat(a.aggregate()).isEqualTo(TOPIC + "/order-1");
              assertThat(a.sequence()).isEqualTo(2L);
            });
  }

  @Test
  void theFirstEventSeenOfAnAggregateIsNoGap() {
    // Its predecessors may predate the audit.
    publishAndApply("late", "order-9", 2, 0, 1);
    assertThat(found).isEmpty();
  }

  @Test
  void anEventNotAppliedWithinTheBoundIsStuckOnceThenAnEventAppliedInTimeIsNot() {
    audit.published("slow", TOPIC, 0, 0, "order-1", 1L, at(0), at(0));
    publishAndApply("fast", "order-2", 1, 1, 1);
    audit.check(at(59));
    assertThat(found).isEmpty();

    audit.check(at(61));
    audit.check(at(120));
    assertThat(found)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Anomaly.Kind.STUCK);
              assertThat(a.consumer()).isEqualTo("fulfillment");
              assertThat(a.eventIds()).containsExactly("slow");
            });
  }

  @Test
  void deadLetteredOrSkippedAsDuplicateIsHandledNotStuck() {
    audit.published("poison", TOPIC, 0, 0, "order-1", 1L, at(0), at(0));
    audit.journal(entry("poison", InboxJournalEntry.Outcome.DEAD_LETTERED, 0, at(1)), at(1));
    audit.published("seen", TOPIC, 0, 1, "order-2", 1L, at(0), at(0));
    audit.journal(entry("seen", InboxJournalEntry.Outcome.DUPLICATE, 1, at(1)), at(1));
    audit.check(at(200));
    assertThat(found).isEmpty();
  }

  @Test
  void eventsPublishedBeforeTheAuditStartedAreNeverStuck() {
    audit.published("old", TOPIC, 0, 0, "order-1", 1L, START.minusSeconds(5), at(0));
    audit.check(at(200));
    assertThat(found).isEmpty();
  }

  @Test
  void writtenButNeverPublishedIsLostAtTheSource() {
    publishAndApply("p1", "order-1", 1, 0, 1);
    audit.written(TOPIC, "order-1", 1, at(1), "order-service", at(91));
    audit.written(TOPIC, "order-1", 2, at(2), "order-service", at(92));
    audit.written(TOPIC, "order-7", 1, at(3), "order-service", at(93));

    assertThat(found)
        .extracting(Anomaly::kind, Anomaly::aggregate, Anomaly::sequence)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Anomaly.Kind.LOST, TOPIC + "/order-1", 2L),
            org.assertj.core.groups.Tuple.tuple(Anomaly.Kind.LOST, TOPIC + "/order-7", 1L));
    assertThat(found).allSatisfy(a -> assertThat(a.consumer()).isEqualTo(Anomaly.SOURCE));
    assertThat(audit.counts().writtenPublished()).isEqualTo(1);
  }

  @Test
  void whatTheBoundsForgotIsUnauditedNeverAnAnomaly() {
    Reconciler small = reconciler(2, 2);
    for (int i = 0; i < 5; i++) {
      small.published("e" + i, TOPIC, 0, i, "order-" + i, 1L, at(i), at(i));
    }
    // order-0 was forgotten at second 0; its write (second 0) cannot be judged.
    small.written(TOPIC, "order-0", 1, at(0), "order-service", at(100));
    // e0..e2 were forgotten before being judged: unaudited, not stuck.
    small.journal(entry("e0", InboxJournalEntry.Outcome.PROCESSED, 0, at(1)), at(1));
    small.check(at(30));
    assertThat(found).isEmpty();
    small.check(at(1000));

    assertThat(found).extracting(Anomaly::eventIds).containsExactly(List.of("e4"));
    assertThat(small.counts().eventsTracked()).isLessThanOrEqualTo(2);
    assertThat(small.counts().aggregatesTracked()).isLessThanOrEqualTo(2);
    // e0..e2 overflowed the queue, e3 was pushed out by e0's late journal entry, order-0's write.
    assertThat(small.counts().unaudited()).isEqualTo(5);
  }
}
