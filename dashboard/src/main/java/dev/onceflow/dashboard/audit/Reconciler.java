package dev.onceflow.dashboard.audit;

import dev.onceflow.contract.InboxJournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit's reconciliation, pure: what was written (the services' watermark), what was published
 * (the event topics, read_committed) and what each consumer applied (the inbox journal), joined on
 * the event id and on the aggregate's sequence. Every anomaly goes to the {@link AnomalyLog} once.
 *
 * <p>Bounded: at most {@code maxEvents} events by id and {@code maxAggregates} aggregates; an event
 * forgotten before it could be judged is counted as unaudited, never as an anomaly. Not thread
 * safe: {@link ExactlyOnceAudit} calls it under its lock.
 */
final class Reconciler {

  /** The "proved once" counts of each stage. */
  record Counts(
      long writtenPublished,
      long publishedOnce,
      Map<String, Long> appliedOnce,
      long unaudited,
      int eventsTracked,
      int aggregatesTracked) {}

  private final List<String> consumers;
  private final Duration stuckAfter;
  private final Instant startedAt;
  private final int maxEvents;
  private final AnomalyLog log;
  private final AggregateSequences sequences;
  private final Deque<TrackedEvent> awaiting = new ArrayDeque<>();
  private final Map<String, Long> appliedOnce = new TreeMap<>();
  private long writtenPublished;
  private long publishedOnce;
  private long unaudited;

  private final LinkedHashMap<String, TrackedEvent> events =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrackedEvent> eldest) {
          return size() > maxEvents;
        }
      };

  Reconciler(
      List<String> consumers,
      Duration stuckAfter,
      Instant startedAt,
      int maxEvents,
      int maxAggregates,
      AnomalyLog log) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be positive");
    }
    this.consumers = List.copyOf(consumers);
    this.stuckAfter = stuckAfter;
    this.startedAt = startedAt;
    this.maxEvents = maxEvents;
    this.log = log;
    this.sequences = new AggregateSequences(maxAggregates);
    consumers.forEach(c -> appliedOnce.put(c, 0L));
  }

  /**
   * An event record read on Kafka. {@code recordTime} is the record's timestamp: only events
   * published after the audit started are judged stuck (earlier ones, re-read on start, may have
   * been applied before the journal was read).
   */
  void published(
      String eventId,
      String topic,
      int partition,
      long offset,
      String aggregateId,
      Long sequence,
      Instant recordTime,
      Instant now) {
    TrackedEvent event = events.get(eventId);
    if (event != null && event.publishedAt != null) {
      if (event.topic.equals(topic) && event.partition == partition && event.offset == offset) {
        return; // the same record read again (a rebalance): not a second publication
      }
      if (event.anomalies.add(Anomaly.Kind.DUPLICATE)) {
        publishedOnce--;
      }
      log.add(
          new Anomaly(
              Anomaly.Kind.DUPLICATE,
              Anomaly.KAFKA,
              List.of(eventId),
              event.aggregate(),
              event.sequence,
              "published twice: at "
                  + event.where()
                  + " and "
                  + topic
                  + "-"
                  + partition
                  + "@"
                  + offset,
              now));
      return;
    }
    if (event == null) {
      event = new TrackedEvent(eventId);
      events.put(eventId, event);
    }
    event.topic = topic;
    event.partition = partition;
    event.offset = offset;
    event.publishedAt = now;
    event.aggregateId = aggregateId;
    event.sequence = sequence;
    publishedOnce++;
    if (aggregateId != null && sequence != null) {
      AggregateSequences.Step step = sequences.published(event.aggregate(), sequence, now);
      if (step.gap()) {
        event.anomalies.add(Anomaly.Kind.GAP);
        log.add(
            new Anomaly(
                Anomaly.Kind.GAP,
                Anomaly.KAFKA,
                List.of(eventId),
                event.aggregate(),
                step.firstMissing(),
                "sequence "
                    + sequence
                    + " published at "
                    + event.where()
                    + ", "
                    + range(step)
                    + " never before it",
                now));
      }
    }
    if (!recordTime.isBefore(startedAt)) {
      awaiting.addLast(event);
      while (awaiting.size() > maxEvents) {
        awaiting.removeFirst();
        unaudited++;
      }
    }
  }

  /** A consumer's outcome read on the inbox journal. */
  void journal(InboxJournalEntry entry, Instant now) {
    if (entry.eventId() == null || entry.eventId().isBlank() || entry.consumer() == null) {
      return; // a poison record without an id: the dead letters show it
    }
    TrackedEvent event = events.computeIfAbsent(entry.eventId(), TrackedEvent::new);
    TrackedEvent.ByConsumer by = event.consumer(entry.consumer());
    switch (entry.outcome()) {
      case PROCESSED -> applied(event, by, entry, now);
      case DUPLICATE, DEAD_LETTERED -> by.handled = true;
      case PARKED -> {} // applied later, with its predecessor
    }
  }

  private void applied(
      TrackedEvent event, TrackedEvent.ByConsumer by, InboxJournalEntry entry, Instant now) {
    if (!by.applied(entry)) {
      return; // the journal is produced at least once: the same entry again is one application
    }
    if (by.applications == 1) {
      appliedOnce.merge(entry.consumer(), 1L, Long::sum);
      return;
    }
    if (by.applications == 2) {
      appliedOnce.merge(entry.consumer(), -1L, Long::sum);
      event.anomalies.add(Anomaly.Kind.DUPLICATE);
    }
    log.add(
        new Anomaly(
            Anomaly.Kind.DUPLICATE,
            entry.consumer(),
            List.of(event.eventId),
            event.aggregate(),
            event.sequence,
            "applied "
                + by.applications
                + " times: committed at "
                + event.firstCommitted(entry.consumer())
                + " and "
                + entry.committedAt(),
            now));
  }

  /**
   * An event a service wrote at {@code writtenAt}, at least {@code lost-after} ago: it must be on
   * {@code topic} by now.
   */
  void written(
      String topic, String aggregateId, long sequence, Instant writtenAt, String by, Instant now) {
    if (writtenAt.isBefore(startedAt)) {
      return;
    }
    String aggregate = AggregateSequences.key(topic, aggregateId);
    Boolean seen = sequences.seen(aggregate, sequence, writtenAt);
    if (seen == null) {
      unaudited++;
    } else if (seen) {
      writtenPublished++;
    } else {
      log.add(
          new Anomaly(
              Anomaly.Kind.LOST,
              Anomaly.SOURCE,
              List.of(),
              aggregate,
              sequence,
              "written by " + by + " at " + writtenAt + ", never published to " + topic,
              now));
    }
  }

  /** Judges every event published at least {@code stuck-after} ago: applied by each consumer? */
  void check(Instant now) {
    Instant due = now.minus(stuckAfter);
    while (!awaiting.isEmpty() && !awaiting.peekFirst().publishedAt.isAfter(due)) {
      TrackedEvent event = awaiting.removeFirst();
      if (events.get(event.eventId) != event) {
        unaudited++; // forgotten: a later journal entry could not have been joined to it
        continue;
      }
      for (String consumer : consumers) {
        if (!event.handledBy(consumer)) {
          event.anomalies.add(Anomaly.Kind.STUCK);
          log.add(
              new Anomaly(
                  Anomaly.Kind.STUCK,
                  consumer,
                  List.of(event.eventId),
                  event.aggregate(),
                  event.sequence,
                  "published at "
                      + event.where()
                      + ", not applied by "
                      + consumer
                      + " after "
                      + stuckAfter.toSeconds()
                      + " s",
                  now));
        }
      }
    }
  }

  /**
   * Whether an event is proved once: {@code once} (one offset, in sequence, applied once by every
   * consumer), {@code pending}, the kinds of its anomalies, or null when the audit does not know
   * it.
   */
  String proof(String eventId) {
    TrackedEvent event = events.get(eventId);
    if (event == null) {
      return null;
    }
    if (!event.anomalies.isEmpty()) {
      return String.join(",", event.anomalies.stream().map(Anomaly.Kind::tag).toList());
    }
    if (event.publishedAt == null) {
      return "pending";
    }
    for (String consumer : consumers) {
      if (event.applications(consumer) != 1) {
        return "pending";
      }
    }
    return "once";
  }

  Counts counts() {
    return new Counts(
        writtenPublished,
        publishedOnce,
        Map.copyOf(appliedOnce),
        unaudited,
        events.size(),
        sequences.size());
  }

  private static String range(AggregateSequences.Step step) {
    return step.firstMissing() == step.lastMissing()
        ? "sequence " + step.firstMissing()
        : "sequences " + step.firstMissing() + " to " + step.lastMissing();
  }
}
