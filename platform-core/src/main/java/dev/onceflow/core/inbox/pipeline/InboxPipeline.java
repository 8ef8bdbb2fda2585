package dev.onceflow.core.inbox.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.Inbox;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.InboxHandler;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The inbox transaction's work for a batch of decoded events: the inbox insert first, then the
 * per-aggregate order, then the {@link InboxHandler}'s effects, all in the caller's transaction.
 *
 * <p>An event whose sequence is the aggregate's next one is applied; one ahead of it is parked
 * (kept, deduplicated, not applied) and applied in the transaction that applies its predecessor;
 * one whose sequence the aggregate has already passed under another event id is stale: its inbox
 * entry is removed and the caller dead-letters it. The work is set-based: whatever the batch size,
 * a handful of statements plus the handler's.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class InboxPipeline {

  private static final Logger LOG = Logger.getLogger(InboxPipeline.class);

  private final InboxHandler<Object> handler;
  private final RecordDecoder<Object> decoder;
  private final Inbox inbox;
  private final ParkedEventStore parking;
  private final EntityManager entityManager;
  private final Clock clock;
  private final String consumer;

  @SuppressWarnings("unchecked")
  InboxPipeline(
      InboxHandler<?> handler,
      Inbox inbox,
      EntityManager entityManager,
      ObjectMapper objectMapper,
      Clock clock,
      InboxConfig config) {
    this.handler = (InboxHandler<Object>) handler;
    this.decoder = new RecordDecoder<>(this.handler, config.supportedSchemaVersions());
    this.inbox = inbox;
    this.parking = new ParkedEventStore(objectMapper);
    this.entityManager = entityManager;
    this.clock = clock;
    this.consumer = config.consumerName();
  }

  /** This inbox's consumer name ({@code onceflow.inbox.consumer-name}). */
  public String consumer() {
    return consumer;
  }

  /**
   * Decodes and validates a record (pure).
   *
   * @throws dev.onceflow.core.inbox.fault.RejectedEvent if it can never be applied
   */
  public ConsumedEvent<Object> decode(EventEnvelope envelope) {
    return decoder.decode(envelope);
  }

  /** Applies {@code events} (in arrival order) inside the current transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public ApplyResult<Object> apply(List<ConsumedEvent<Object>> events) {
    ApplyResult<Object> result = new ApplyResult<>();
    if (events.isEmpty()) {
      return result;
    }
    Set<UUID> fresh =
        inbox.firstDeliveries(consumer, events.stream().map(e -> e.eventId()).toList());
    List<ConsumedEvent<Object>> firsts = new ArrayList<>(fresh.size());
    for (ConsumedEvent<Object> event : events) {
      if (fresh.remove(event.eventId())) {
        firsts.add(event);
      } else {
        result.duplicates.add(event);
      }
    }
    if (!firsts.isEmpty()) {
      entityManager.unwrap(Session.class).doWork(c -> applyFirsts(c, firsts, result));
    }
    return result;
  }

  private void applyFirsts(
      Connection connection, List<ConsumedEvent<Object>> firsts, ApplyResult<Object> result)
      throws SQLException {
    SortedSet<String> aggregates = new TreeSet<>();
    firsts.forEach(e -> aggregates.add(e.aggregateId()));
    Map<String, Long> positions = AggregatePositions.lock(connection, consumer, aggregates);
    Map<String, Deque<ConsumedEvent<Object>>> waiting = new HashMap<>();
    Set<UUID> storedParked = new HashSet<>();
    for (EventEnvelope envelope : parking.parkedFor(connection, consumer, aggregates)) {
      // It was valid when parked; decoding again gives back the same event.
      ConsumedEvent<Object> event = decoder.decode(envelope);
      waiting.computeIfAbsent(event.aggregateId(), k -> new ArrayDeque<>()).addLast(event);
      storedParked.add(event.eventId());
    }

    Sequencing sequencing = new Sequencing(positions, waiting, storedParked, result);
    for (ConsumedEvent<Object> event : firsts) {
      sequencing.offer(event);
    }

    handler.apply(sequencing.toApply);
    AggregatePositions.advance(connection, consumer, sequencing.moved);
    List<ConsumedEvent<Object>> newlyParked = sequencing.newlyParked;
    if (!newlyParked.isEmpty()) {
      parking.park(connection, consumer, newlyParked, clock.instant());
      inbox.markPending(consumer, newlyParked.stream().map(e -> e.eventId()).toList());
    }
    if (!sequencing.released.isEmpty()) {
      parking.release(connection, consumer, sequencing.released);
      inbox.markProcessed(consumer, sequencing.released);
    }
    if (!sequencing.staleIds.isEmpty()) {
      // Not applied: a redelivery or a replay must be judged (and dead-lettered) again.
      inbox.forget(consumer, sequencing.staleIds);
    }
  }

  /** The per-aggregate decisions of one transaction, in memory, before anything is written. */
  private static final class Sequencing {
    final Map<String, Long> positions;
    final Map<String, Deque<ConsumedEvent<Object>>> waiting;
    final Set<UUID> storedParked;
    final ApplyResult<Object> result;
    final List<ConsumedEvent<Object>> toApply = new ArrayList<>();
    final List<ConsumedEvent<Object>> newlyParked = new ArrayList<>();
    final List<UUID> released = new ArrayList<>();
    final List<UUID> staleIds = new ArrayList<>();
    final Map<String, Long> moved = new TreeMap<>();

    Sequencing(
        Map<String, Long> positions,
        Map<String, Deque<ConsumedEvent<Object>>> waiting,
        Set<UUID> storedParked,
        ApplyResult<Object> result) {
      this.positions = positions;
      this.waiting = waiting;
      this.storedParked = storedParked;
      this.result = result;
    }

    void offer(ConsumedEvent<Object> event) {
      String aggregate = event.aggregateId();
      try (EventTrace.Scope trace = EventTrace.open(event)) {
        long last = positions.getOrDefault(aggregate, 0L);
        if (event.sequence() <= last) {
          LOG.warnf(
              "%s %s of %s has sequence %d but the aggregate is already at %d: dead-lettering it",
              event.eventType(), event.eventId(), aggregate, event.sequence(), last);
          result.stale.add(event);
          staleIds.add(event.eventId());
          return;
        }
        if (event.sequence() > last + 1) {
          LOG.infof(
              "%s %s of %s (sequence %d) arrived before sequence %d: parked",
              event.eventType(), event.eventId(), aggregate, event.sequence(), last + 1);
          result.parked.add(event);
          newlyParked.add(event);
          insertSorted(waiting.computeIfAbsent(aggregate, k -> new ArrayDeque<>()), event);
          return;
        }
        apply(event);
      }
      releaseSuccessors(aggregate);
    }

    /** The event may unblock parked successors, stored earlier or parked in this batch. */
    private void releaseSuccessors(String aggregate) {
      Deque<ConsumedEvent<Object>> queue = waiting.get(aggregate);
      while (queue != null && !queue.isEmpty()) {
        ConsumedEvent<Object> next = queue.peekFirst();
        long last = positions.getOrDefault(aggregate, 0L);
        if (next.sequence() <= last) {
          queue.pollFirst(); // a parked twin of an applied sequence
          if (!storedParked.contains(next.eventId())) {
            // parked in this batch: dead-letter it with the batch
            newlyParked.remove(next);
            result.parked.remove(next);
            result.stale.add(next);
            staleIds.add(next.eventId());
          } else {
            // parked by an earlier, acknowledged batch: it stays parked (and counted) for an
            // operator
            LOG.warnf(
                "Parked %s %s of %s has sequence %d, already applied: left parked",
                next.eventType(), next.eventId(), aggregate, next.sequence());
          }
          continue;
        }
        if (next.sequence() != last + 1) {
          return;
        }
        queue.pollFirst();
        try (EventTrace.Scope trace = EventTrace.open(next)) {
          LOG.infof(
              "%s %s of %s (sequence %d) released from parking",
              next.eventType(), next.eventId(), aggregate, next.sequence());
          apply(next);
        }
        if (storedParked.contains(next.eventId())) {
          released.add(next.eventId());
        } else {
          newlyParked.remove(next);
          result.parked.remove(next);
        }
      }
    }

    private void apply(ConsumedEvent<Object> event) {
      toApply.add(event);
      result.applied.add(event);
      positions.put(event.aggregateId(), event.sequence());
      moved.put(event.aggregateId(), event.sequence());
    }

    private static void insertSorted(
        Deque<ConsumedEvent<Object>> queue, ConsumedEvent<Object> event) {
      List<ConsumedEvent<Object>> all = new ArrayList<>(queue);
      all.add(event);
      all.sort(Comparator.comparingLong(ConsumedEvent::sequence));
      queue.clear();
      queue.addAll(all);
    }
  }
}
