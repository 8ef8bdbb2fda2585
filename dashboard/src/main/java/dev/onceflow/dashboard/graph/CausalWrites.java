package dev.onceflow.dashboard.graph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which consumer writes events to which topic, learnt from timing alone: a consumer that writes an
 * event while it handles another writes it in the same transaction as its inbox row, so the new
 * event's {@code createdAt} (same key: the aggregate id) lies between the consumer's {@code
 * receivedAt} and {@code committedAt} of the one it handled, both by the same process's clock. A
 * consumer that happened to handle the same key at the same moment matches too, now and then: a
 * pair counts only when at least half of the events written for keys it handled, after it received
 * them, fell inside its windows. Bounded: the most recent {@code capacity} keys.
 */
final class CausalWrites {

  private static final int PER_KEY = 8;

  private record Window(String consumer, String topic, Instant from, Instant to) {}

  private record Written(String topic, Instant at) {}

  private static final class Trace {
    final List<Window> windows = new ArrayList<>(2);
    final List<Written> written = new ArrayList<>(2);
  }

  private final Map<String, Trace> byKey;

  // consumer -> topic -> {events written inside its window, events written after it received}
  private final Map<String, Map<String, long[]>> tally = new TreeMap<>();

  CausalWrites(int capacity) {
    this.byKey =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Trace> eldest) {
            return size() > capacity;
          }
        };
  }

  /** A consumer handled an event of {@code key} read from {@code topic}. */
  void handled(String key, String consumer, String topic, Instant receivedAt, Instant committedAt) {
    if (key == null || consumer == null || topic == null || receivedAt == null) {
      return;
    }
    if (committedAt == null || committedAt.isBefore(receivedAt)) {
      return;
    }
    Trace trace = byKey.computeIfAbsent(key, k -> new Trace());
    Window window = new Window(consumer, topic, receivedAt, committedAt);
    if (trace.windows.contains(window) || trace.windows.size() >= PER_KEY) {
      return;
    }
    trace.windows.add(window);
    trace.written.forEach(w -> judge(window, w));
  }

  /** An event of {@code key} written at {@code createdAt} was read from {@code topic}. */
  void written(String key, String topic, Instant createdAt) {
    if (key == null || topic == null || createdAt == null) {
      return;
    }
    Trace trace = byKey.computeIfAbsent(key, k -> new Trace());
    Written written = new Written(topic, createdAt);
    if (trace.written.contains(written) || trace.written.size() >= PER_KEY) {
      return; // a record read again (a rebalance's re-read) is the same write
    }
    trace.written.add(written);
    trace.windows.forEach(w -> judge(w, written));
  }

  /** Consumer to the topics it writes to, as far as the timing shows. */
  Map<String, Set<String>> writers() {
    Map<String, Set<String>> writers = new TreeMap<>();
    tally.forEach(
        (consumer, topics) ->
            topics.forEach(
                (topic, counts) -> {
                  if (counts[0] >= 1 && counts[0] * 2 >= counts[1]) {
                    writers.computeIfAbsent(consumer, c -> new TreeSet<>()).add(topic);
                  }
                }));
    return writers;
  }

  private void judge(Window window, Written written) {
    // An event on the topic it consumes is no evidence: the consumer's input, not its output.
    if (written.topic().equals(window.topic()) || written.at().isBefore(window.from())) {
      return;
    }
    long[] counts =
        tally
            .computeIfAbsent(window.consumer(), c -> new TreeMap<>())
            .computeIfAbsent(written.topic(), t -> new long[2]);
    counts[1]++;
    if (!written.at().isAfter(window.to())) {
      counts[0]++;
    }
  }
}
