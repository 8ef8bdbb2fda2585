package dev.onceflow.core.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Records events in the outbox table as part of the caller's database transaction.
 *
 * <p>This is the whole point of the outbox pattern: the business change and the event commit or
 * roll back together, and nothing is sent to Kafka from inside the transaction. The relay later
 * reads the committed insert from the write-ahead log and publishes it.
 */
@ApplicationScoped
public class Outbox {

  private static final String INSERT =
      "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, schema_version,"
          + " aggregate_sequence, traceparent, created_at)"
          + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), ?6, ?7, ?8, ?9)";
  private static final String DELETE = "DELETE FROM outbox_event WHERE id = ?1";

  private final EntityManager entityManager;
  private final ObjectMapper objectMapper;
  private final OutboxConfig config;
  private final Clock clock;
  private final ReplicationSlotGuard slotGuard;

  Outbox(
      EntityManager entityManager,
      ObjectMapper objectMapper,
      OutboxConfig config,
      Clock clock,
      ReplicationSlotGuard slotGuard) {
    this.entityManager = entityManager;
    this.objectMapper = objectMapper;
    this.config = config;
    this.clock = clock;
    this.slotGuard = slotGuard;
  }

  /**
   * Writes {@code event} to the outbox inside the current transaction.
   *
   * @return the event's id, which consumers see in the {@code id} header and deduplicate on
   * @throws jakarta.transaction.TransactionalException if no transaction is active: an event
   *     written outside the business transaction would be a dual write
   * @throws EventNotSerializable if the payload cannot be written as JSON; the transaction is then
   *     doomed
   * @throws ReplicationSlotMissing if the relay's replication slot does not exist, so the event
   *     would never be published (see {@code onceflow.outbox.require-replication-slot})
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public RecordedEvent record(OutboxEvent event) {
    String payload = toJson(event);
    slotGuard.ensureSlotExists();
    UUID id = TimeOrderedIds.next(clock);
    Instant createdAt = clock.instant();
    entityManager
        .createNativeQuery(INSERT)
        .setParameter(1, id)
        .setParameter(2, event.aggregateType())
        .setParameter(3, event.aggregateId())
        .setParameter(4, event.eventType())
        .setParameter(5, payload)
        .setParameter(6, event.schemaVersion())
        .setParameter(7, event.aggregateSequence())
        .setParameter(8, currentTraceparent())
        .setParameter(9, Timestamp.from(createdAt))
        .executeUpdate();
    if (config.retention().isZero()) {
      // The insert is already in the WAL, which is all the relay reads; deleting in the same
      // transaction
      // keeps the table empty, so it never needs vacuuming or pruning.
      entityManager.createNativeQuery(DELETE).setParameter(1, id).executeUpdate();
    }
    return new RecordedEvent(id, event.eventType(), createdAt);
  }

  private String toJson(OutboxEvent event) {
    try {
      return objectMapper.writeValueAsString(event);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new EventNotSerializable(event, e);
    }
  }

  /**
   * W3C trace context of the current span, so the consumer's work continues the producer's trace.
   */
  private static String currentTraceparent() {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return null;
    }
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }
}
