package dev.onceflow.core.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OutboxEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.Session;

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
          + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?)";

  // Two statements in one prepared statement: the driver sends both and waits once, so the insert
  // and its delete cost one round trip. The delete sees the insert (it is the next command of the
  // same transaction); the WAL holds both, and the publication passes only the insert.
  private static final String INSERT_AND_DELETE =
      INSERT + "; DELETE FROM outbox_event WHERE id = ?";

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
   * @throws EventTooLarge if the payload exceeds {@code onceflow.outbox.max-payload-bytes}, so that
   *     Kafka would never accept it
   * @throws ReplicationSlotMissing if the relay's replication slot does not exist, so the event
   *     would never be published (see {@code onceflow.outbox.require-replication-slot})
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public RecordedEvent record(OutboxEvent event) {
    String payload = toJson(event);
    int payloadBytes = payload.getBytes(StandardCharsets.UTF_8).length;
    if (payloadBytes > config.maxPayloadBytes()) {
      throw new EventTooLarge(event, payloadBytes, config.maxPayloadBytes());
    }
    slotGuard.ensureSlotExists();
    UUID id = TimeOrderedIds.next(clock);
    Instant createdAt = clock.instant();
    String traceparent = currentTraceparent();
    // The insert is in the WAL, which is all the relay reads; deleting it in the same transaction
    // keeps the table empty, so it never needs vacuuming or pruning.
    boolean delete = config.retention().isZero();
    // Plain JDBC on the session's connection, so in the caller's transaction: a native query would
    // cost Hibernate's query machinery for a statement that involves no entity. The caller's
    // pending entity changes are flushed at commit as usual, atomically with this row.
    entityManager
        .unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement statement =
                  connection.prepareStatement(delete ? INSERT_AND_DELETE : INSERT)) {
                statement.setObject(1, id);
                statement.setString(2, event.aggregateType());
                statement.setString(3, event.aggregateId());
                statement.setString(4, event.eventType());
                statement.setString(5, payload);
                statement.setInt(6, event.schemaVersion());
                statement.setLong(7, event.aggregateSequence());
                statement.setString(8, traceparent);
                statement.setTimestamp(9, Timestamp.from(createdAt));
                if (delete) {
                  statement.setObject(10, id);
                }
                statement.executeUpdate();
              }
            });
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
