package dev.onceflow.dashboard.audit;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequences each aggregate published on Kafka: which ones were seen (a bit per sequence up to
 * 64, beyond that "up to the highest"), so a skipped sequence is a gap and a written sequence never
 * seen is lost. Bounded to {@code capacity} aggregates, the least recently published forgotten
 * first; {@link #forgottenUpTo()} says how recent a forgotten aggregate was, so that the audit
 * never calls an event lost only because it forgot its aggregate. Not thread safe.
 */
final class AggregateSequences {

  /** What one publication tells about its aggregate's sequence. */
  record Step(long firstMissing, long lastMissing) {
    boolean gap() {
      return firstMissing <= lastMissing;
    }
  }

  private static final Step IN_ORDER = new Step(1, 0);

  private final int capacity;
  private final LinkedHashMap<String, Trail> trails = new LinkedHashMap<>(16, 0.75f, true);
  private Instant forgottenUpTo = Instant.MIN;

  AggregateSequences(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** The aggregate's key: its topic and its id (the record key). */
  static String key(String topic, String aggregateId) {
    return topic + "/" + aggregateId;
  }

  /**
   * Sequence {@code sequence} of {@code aggregate} was published; returns the sequences it skipped
   * after the highest one seen before (none when this is the first of the aggregate the audit sees:
   * its earlier events may predate the audit).
   */
  Step published(String aggregate, long sequence, Instant now) {
    Trail trail = trails.get(aggregate);
    if (trail == null) {
      trail = new Trail();
      trails.put(aggregate, trail);
      trail.mark(sequence);
      trail.lastSeen = now;
      evict();
      return IN_ORDER;
    }
    trail.lastSeen = now;
    Step step = IN_ORDER;
    if (sequence > trail.highest + 1) {
      long first = trail.highest + 1;
      step = new Step(first, sequence - 1);
    }
    trail.mark(sequence);
    return step;
  }

  /**
   * Whether {@code sequence} of {@code aggregate} was published: true, false, or null when the
   * audit cannot tell (the aggregate is not known and may have been forgotten).
   */
  Boolean seen(String aggregate, long sequence, Instant writtenAt) {
    Trail trail = trails.get(aggregate);
    if (trail != null) {
      return trail.seen(sequence);
    }
    // A forgotten aggregate was last published no later than forgottenUpTo; an event written
    // after that cannot be among its forgotten publications.
    return writtenAt.isAfter(forgottenUpTo) ? Boolean.FALSE : null;
  }

  /** The latest publication time among the aggregates forgotten so far. */
  Instant forgottenUpTo() {
    return forgottenUpTo;
  }

  int size() {
    return trails.size();
  }

  private void evict() {
    Iterator<Map.Entry<String, Trail>> eldest = trails.entrySet().iterator();
    while (trails.size() > capacity && eldest.hasNext()) {
      Trail trail = eldest.next().getValue();
      if (trail.lastSeen.isAfter(forgottenUpTo)) {
        forgottenUpTo = trail.lastSeen;
      }
      eldest.remove();
    }
  }

  private static final class Trail {
    long highest;
    long seenMask;
    Instant lastSeen;

    void mark(long sequence) {
      if (sequence >= 1 && sequence <= 64) {
        seenMask |= 1L << (sequence - 1);
      }
      highest = Math.max(highest, sequence);
    }

    boolean seen(long sequence) {
      if (sequence >= 1 && sequence <= 64) {
        return (seenMask & (1L << (sequence - 1))) != 0;
      }
      return sequence <= highest;
    }
  }
}
