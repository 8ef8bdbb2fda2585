package dev.onceflow.core.inbox.deadletter;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.core.inbox.InboxConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * This consumer's parked events and what each one waits for. An event is parked while its
 * aggregate's previous sequence is missing; when that missing event sits in the dead-letter list
 * (same aggregate, the missing sequence, not yet replayed) the parked event can only move once an
 * operator replays it, so the listing names it: {@code waiting for dead-lettered event <id>}.
 * Replaying it applies it and releases the parked successors in order, in the same transaction.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class ParkedEvents {

  /** Reason of a parked event whose missing predecessor was dead-lettered. */
  public static final String WAITING_FOR_DEAD_LETTER = "waiting for dead-lettered event ";

  /** Reason of a parked event whose missing predecessor has not arrived (yet). */
  public static final String WAITING_FOR_SEQUENCE = "waiting for sequence ";

  // The missing sequence is the aggregate's next one (the same for all its parked events). A dead
  // letter matches by the aggregate (its key) and the aggregateSequence header; one without that
  // header
  // is a candidate too (it may be the unreadable predecessor), after the exact matches.
  private static final String LIST =
      "SELECT p.event_id, p.aggregate_id, p.sequence, p.parked_at, p.source_topic,"
          + " p.source_partition, p.source_offset, w.missing, d.id, d.event_id, d.reason"
          + " FROM inbox_parked_event p"
          + " LEFT JOIN inbox_aggregate a"
          + "   ON a.consumer = p.consumer AND a.aggregate_id = p.aggregate_id"
          + " CROSS JOIN LATERAL (SELECT coalesce(a.last_sequence, 0) + 1 AS missing) w"
          + " LEFT JOIN LATERAL (SELECT id, event_id, reason FROM inbox_dead_letter dl"
          + "   WHERE dl.consumer = p.consumer AND dl.record_key = p.aggregate_id"
          + "   AND (dl.replay_outcome IS NULL OR dl.replay_outcome NOT IN ('applied', 'duplicate'))"
          + "   AND (dl.headers ->> ? = w.missing::text OR dl.headers ->> ? IS NULL)"
          + "   ORDER BY (dl.headers ->> ? IS NULL), dl.id DESC LIMIT 1) d ON true"
          + " WHERE p.consumer = ? ORDER BY p.parked_at, p.aggregate_id, p.sequence LIMIT ? OFFSET ?";

  private final EntityManager entityManager;
  private final String consumer;

  ParkedEvents(EntityManager entityManager, InboxConfig config) {
    this.entityManager = entityManager;
    this.consumer = config.consumerName();
  }

  /** A parked event and why it waits. */
  public record Parked(
      String eventId,
      String aggregateId,
      long sequence,
      Instant parkedAt,
      String sourceTopic,
      int sourcePartition,
      long sourceOffset,
      long waitingForSequence,
      Long deadLetterId,
      String deadLetteredEventId,
      String deadLetterReason,
      String reason) {}

  /** One page of parked events, oldest first. */
  public List<Parked> list(int page, int size) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .unwrap(org.hibernate.Session.class)
                    .doReturningWork(
                        connection -> {
                          try (PreparedStatement select = connection.prepareStatement(LIST)) {
                            select.setString(1, OnceflowHeaders.AGGREGATE_SEQUENCE);
                            select.setString(2, OnceflowHeaders.AGGREGATE_SEQUENCE);
                            select.setString(3, OnceflowHeaders.AGGREGATE_SEQUENCE);
                            select.setString(4, consumer);
                            select.setInt(5, size);
                            select.setLong(6, (long) page * size);
                            try (ResultSet rows = select.executeQuery()) {
                              List<Parked> parked = new ArrayList<>();
                              while (rows.next()) {
                                parked.add(parked(rows));
                              }
                              return parked;
                            }
                          }
                        }));
  }

  private static Parked parked(ResultSet rows) throws java.sql.SQLException {
    long missing = rows.getLong(8);
    Long deadLetterId = rows.getObject(9) == null ? null : rows.getLong(9);
    String deadLetteredEventId = rows.getString(10);
    String reason =
        deadLetterId == null
            ? WAITING_FOR_SEQUENCE + missing
            : WAITING_FOR_DEAD_LETTER
                + (deadLetteredEventId == null ? "(no id)" : deadLetteredEventId)
                + " (dead letter "
                + deadLetterId
                + ", sequence "
                + missing
                + ")";
    return new Parked(
        rows.getString(1),
        rows.getString(2),
        rows.getLong(3),
        rows.getTimestamp(4).toInstant(),
        rows.getString(5),
        rows.getInt(6),
        rows.getLong(7),
        missing,
        deadLetterId,
        deadLetteredEventId,
        rows.getString(11),
        reason);
  }
}
