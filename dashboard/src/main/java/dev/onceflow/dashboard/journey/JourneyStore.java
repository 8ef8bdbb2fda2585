package dev.onceflow.dashboard.journey;

import dev.onceflow.contract.InboxJournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most recent event journeys, bounded: a ring of at most {@code capacity} journeys in the order
 * the dashboard first heard of them, indexed by event id and by order id. A record about an evicted
 * event starts a new journey. Thread safe; every method is short and allocation-light, so the
 * ingest thread keeps up with thousands of records per second.
 */
public final class JourneyStore {

  private final int capacity;
  private final LinkedHashMap<String, Journey> byEventId = new LinkedHashMap<>();
  private final Map<String, Deque<String>> byOrderId = new HashMap<>();
  private long sequence;

  public JourneyStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** The key of an event: its id, or its coordinates when it has none (a poison record). */
  public static String key(String eventId, String topic, int partition, long offset) {
    return eventId != null && !eventId.isBlank() ? eventId : topic + "-" + partition + "@" + offset;
  }

  /** An event read from its topic. */
  public synchronized void published(
      String key,
      String orderId,
      String eventType,
      String topic,
      int partition,
      long offset,
      Instant requestedAt,
      Instant createdAt,
      Instant committedAt,
      Instant publishedAt,
      Instant now) {
    Journey journey = journey(key, orderId, now);
    journey.eventType = eventType != null ? eventType : journey.eventType;
    journey.topic = topic;
    journey.partition = partition;
    journey.offset = offset;
    journey.requestedAt = requestedAt != null ? requestedAt : journey.requestedAt;
    journey.createdAt = createdAt != null ? createdAt : journey.createdAt;
    journey.committedAt = committedAt != null ? committedAt : journey.committedAt;
    journey.publishedAt = publishedAt;
  }

  /** A consumer's outcome, from the inbox journal. */
  public synchronized void journal(InboxJournalEntry entry, Instant now) {
    String key = key(entry.eventId(), entry.topic(), entry.partition(), entry.offset());
    Journey journey = journey(key, entry.key(), now);
    if (journey.eventType == null) {
      journey.eventType = entry.eventType();
    }
    if (journey.createdAt == null) {
      journey.createdAt = entry.createdAt();
    }
    if (journey.topic == null && entry.offset() >= 0) {
      journey.topic = entry.topic();
      journey.partition = entry.partition();
      journey.offset = entry.offset();
    }
    // The same entry read twice (the journal is produced at least once) is one outcome; a record
    // redelivered without end must not grow a journey.
    if (!journey.outcomes.contains(entry) && journey.outcomes.size() < 20) {
      journey.outcomes.add(entry);
    }
  }

  /** A record read from the dead-letter topic. */
  public synchronized void deadLettered(
      String key, String orderId, String eventType, String reason, Instant at, Instant now) {
    Journey journey = journey(key, orderId, now);
    if (journey.eventType == null) {
      journey.eventType = eventType;
    }
    journey.deadLetterReason = reason;
    journey.deadLetteredAt = at;
  }

  /** The {@code limit} journeys heard of last, newest first, without timelines. */
  public synchronized List<JourneyView> recent(int limit) {
    List<JourneyView> views = new ArrayList<>(Math.min(limit, byEventId.size()));
    List<Journey> all = new ArrayList<>(byEventId.values());
    for (int i = all.size() - 1; i >= 0 && views.size() < limit; i--) {
      views.add(view(all.get(i), false));
    }
    return views;
  }

  /** The journeys of an event id or an order id, with timelines, newest first. */
  public synchronized List<JourneyView> find(String query) {
    String q = query == null ? "" : query.trim();
    List<JourneyView> found = new ArrayList<>();
    Journey byEvent = byEventId.get(q);
    if (byEvent != null) {
      found.add(view(byEvent, true));
      return found;
    }
    Deque<String> events = byOrderId.get(q);
    if (events != null) {
      for (Iterator<String> it = events.descendingIterator(); it.hasNext(); ) {
        Journey journey = byEventId.get(it.next());
        if (journey != null) {
          found.add(view(journey, true));
        }
      }
    }
    return found;
  }

  /**
   * The saga of {@code orderId}: its events on every topic, as one order's steps; null when none of
   * its events is kept.
   *
   * @param fulfillmentConsumer the consumer whose commit of the confirmation means shipped
   */
  public synchronized SagaView saga(String orderId, String fulfillmentConsumer) {
    Deque<String> events = orderId == null ? null : byOrderId.get(orderId.trim());
    if (events == null) {
      return null;
    }
    List<Journey> journeys = new ArrayList<>(events.size());
    for (String key : events) {
      Journey journey = byEventId.get(key);
      if (journey != null) {
        journeys.add(journey);
      }
    }
    return journeys.isEmpty() ? null : SagaSteps.of(orderId.trim(), journeys, fulfillmentConsumer);
  }

  public synchronized int size() {
    return byEventId.size();
  }

  private Journey journey(String key, String orderId, Instant now) {
    Journey journey = byEventId.get(key);
    if (journey == null) {
      journey = new Journey(key, sequence++);
      byEventId.put(key, journey);
      if (byEventId.size() > capacity) {
        evictEldest();
      }
    }
    if (journey.orderId == null && orderId != null && !orderId.isBlank()) {
      journey.orderId = orderId;
      byOrderId.computeIfAbsent(orderId, o -> new ArrayDeque<>(2)).add(key);
    }
    journey.updatedAt = now;
    return journey;
  }

  private void evictEldest() {
    Iterator<Map.Entry<String, Journey>> eldest = byEventId.entrySet().iterator();
    Journey evicted = eldest.next().getValue();
    eldest.remove();
    if (evicted.orderId != null) {
      Deque<String> events = byOrderId.get(evicted.orderId);
      if (events != null) {
        events.remove(evicted.eventId);
        if (events.isEmpty()) {
          byOrderId.remove(evicted.orderId);
        }
      }
    }
  }

  private static JourneyView view(Journey j, boolean withHops) {
    InboxJournalEntry processed = null;
    int duplicates = 0;
    String reason = j.deadLetterReason;
    for (InboxJournalEntry entry : j.outcomes) {
      switch (entry.outcome()) {
        case PROCESSED -> processed = processed == null ? entry : processed;
        case DUPLICATE -> duplicates++;
        case DEAD_LETTERED -> reason = reason == null ? entry.reason() : reason;
        case PARKED -> {}
      }
    }
    Double endToEnd =
        processed != null && j.createdAt != null && processed.committedAt() != null
            ? millis(j.createdAt, processed.committedAt())
            : null;
    return new JourneyView(
        j.eventId,
        j.orderId,
        j.eventType,
        j.topic,
        j.partition,
        j.offset,
        j.status().name().toLowerCase().replace('_', '-'),
        endToEnd,
        duplicates,
        JourneyView.reasonCode(reason),
        j.updatedAt,
        withHops ? hops(j) : null);
  }

  private static List<JourneyView.Hop> hops(Journey j) {
    List<JourneyView.Hop> hops = new ArrayList<>();
    Instant[] previous = {null};
    java.util.function.BiConsumer<String[], Instant> add =
        (nameAndDetail, at) -> {
          Double since = at != null && previous[0] != null ? millis(previous[0], at) : null;
          hops.add(new JourneyView.Hop(nameAndDetail[0], at, since, nameAndDetail[1]));
          if (at != null) {
            previous[0] = at;
          }
        };
    if (j.requestedAt != null) {
      add.accept(
          new String[] {"REST request", "order-service accepted the request"}, j.requestedAt);
    }
    add.accept(new String[] {"outbox write", "in the same transaction as the order"}, j.createdAt);
    if (j.committedAt != null) {
      add.accept(new String[] {"DB commit", "PostgreSQL commit, read from the WAL"}, j.committedAt);
    }
    if (j.topic != null && j.publishedAt != null) {
      add.accept(
          new String[] {"published", j.topic + " partition " + j.partition + " offset " + j.offset},
          j.publishedAt);
    }
    boolean deadLetterShown =
        j.outcomes.stream().anyMatch(e -> e.outcome() == InboxJournalEntry.Outcome.DEAD_LETTERED);
    for (InboxJournalEntry entry : j.outcomes) {
      if (entry.replay() && !deadLetterShown && j.deadLetterReason != null) {
        // Known from the dead-letter topic only: it happened before any replay.
        add.accept(
            new String[] {"dead-lettered", JourneyView.reasonCode(j.deadLetterReason)},
            j.deadLetteredAt);
        deadLetterShown = true;
      }
      String via = entry.consumer() + (entry.replay() ? ", replayed from the dead letters" : "");
      add.accept(new String[] {"received", via}, entry.receivedAt());
      String name =
          switch (entry.outcome()) {
            case PROCESSED -> "processed";
            case DUPLICATE -> "duplicate skipped";
            case PARKED -> "parked";
            case DEAD_LETTERED -> "dead-lettered";
          };
      String detail =
          switch (entry.outcome()) {
            case PROCESSED -> "effect committed with its inbox row";
            case DUPLICATE -> "the inbox already held this id: no effect";
            case PARKED -> "waits for the order's previous event";
            case DEAD_LETTERED -> JourneyView.reasonCode(entry.reason());
          };
      add.accept(new String[] {name, detail}, entry.committedAt());
    }
    if (j.deadLetterReason != null && !deadLetterShown) {
      add.accept(
          new String[] {"dead-lettered", JourneyView.reasonCode(j.deadLetterReason)},
          j.deadLetteredAt);
    }
    return hops;
  }

  static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
