package dev.onceflow.core.inbox.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * This consumer's dead letters as projected from the dead-letter topic ({@code inbox_dead_letter}):
 * one row per rejected source record. Every method runs in the caller's transaction.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class DeadLetterStore {

  private static final String COLUMNS =
      "id, event_id, event_type, reason, detail, exception, source_topic, source_partition,"
          + " source_offset, record_key, dead_lettered_at, replayed_at, replay_outcome";

  private static final String INSERT =
      "INSERT INTO inbox_dead_letter (consumer, source_topic, source_partition, source_offset,"
          + " event_id, event_type, reason, detail, exception, record_key, payload, headers,"
          + " dead_lettered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
          + " ON CONFLICT DO NOTHING";

  private static final String PAGE =
      "SELECT "
          + COLUMNS
          + " FROM inbox_dead_letter WHERE consumer = ? ORDER BY id DESC"
          + " LIMIT ? OFFSET ?";

  private static final String COUNT = "SELECT count(*) FROM inbox_dead_letter WHERE consumer = ?";

  private static final String LOCK_ONE =
      "SELECT "
          + COLUMNS
          + ", payload, headers::text FROM inbox_dead_letter WHERE consumer = ? AND id = ?"
          + " FOR UPDATE";

  private static final String MARK_REPLAYED =
      "UPDATE inbox_dead_letter SET replayed_at = ?, replay_outcome = ? WHERE id = ?";

  private final EntityManager entityManager;
  private final ObjectMapper objectMapper;
  private final String consumer;

  DeadLetterStore(EntityManager entityManager, ObjectMapper objectMapper, InboxConfig config) {
    this.entityManager = entityManager;
    this.objectMapper = objectMapper;
    this.consumer = config.consumerName();
  }

  /** A dead letter as operators see it (payload omitted). */
  public record DeadLetter(
      long id,
      String eventId,
      String eventType,
      String reason,
      String detail,
      String exception,
      String sourceTopic,
      int sourcePartition,
      long sourceOffset,
      String key,
      Instant deadLetteredAt,
      Instant replayedAt,
      String replayOutcome) {}

  /** A dead letter with the record as it arrived, for replay. */
  record Stored(DeadLetter deadLetter, EventEnvelope envelope) {}

  /**
   * Records a dead letter: {@code source} is the rejected record with its original headers; a
   * second copy of the same source record changes nothing.
   */
  void insert(
      EventEnvelope source,
      String reason,
      String detail,
      String exception,
      Instant deadLetteredAt) {
    work(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, consumer);
            insert.setString(2, source.topic());
            insert.setInt(3, source.partition());
            insert.setLong(4, source.offset());
            insert.setString(5, truncate(source.header(OnceflowHeaders.EVENT_ID), 255));
            insert.setString(6, truncate(source.header(OnceflowHeaders.EVENT_TYPE), 255));
            insert.setString(7, truncate(reason, 100));
            insert.setString(8, detail);
            insert.setString(9, truncate(exception, 500));
            insert.setString(10, truncate(source.key(), 255));
            insert.setBytes(11, source.value() == null ? new byte[0] : source.value());
            insert.setString(12, json(source.headers()));
            insert.setTimestamp(13, Timestamp.from(deadLetteredAt));
            return insert.executeUpdate();
          }
        });
  }

  /** One page of dead letters, newest first. */
  public List<DeadLetter> page(int page, int size) {
    return work(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(PAGE)) {
            select.setString(1, consumer);
            select.setInt(2, size);
            select.setLong(3, (long) page * size);
            try (ResultSet rows = select.executeQuery()) {
              List<DeadLetter> items = new ArrayList<>();
              while (rows.next()) {
                items.add(deadLetter(rows));
              }
              return items;
            }
          }
        });
  }

  /** How many dead letters this consumer has. */
  public long count() {
    return work(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(COUNT)) {
            select.setString(1, consumer);
            try (ResultSet rows = select.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }

  /** The dead letter, locked until the transaction ends (two replays of it serialize). */
  Optional<Stored> lock(long id) {
    return work(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(LOCK_ONE)) {
            select.setString(1, consumer);
            select.setLong(2, id);
            try (ResultSet rows = select.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              DeadLetter deadLetter = deadLetter(rows);
              EventEnvelope envelope =
                  new EventEnvelope(
                      deadLetter.key(),
                      rows.getBytes(14),
                      headers(rows.getString(15)),
                      deadLetter.sourceTopic(),
                      deadLetter.sourcePartition(),
                      deadLetter.sourceOffset());
              return Optional.of(new Stored(deadLetter, envelope));
            }
          }
        });
  }

  void markReplayed(long id, Instant at, String outcome) {
    work(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(MARK_REPLAYED)) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, outcome);
            update.setLong(3, id);
            return update.executeUpdate();
          }
        });
  }

  private static DeadLetter deadLetter(ResultSet rows) throws SQLException {
    Timestamp replayedAt = rows.getTimestamp(12);
    return new DeadLetter(
        rows.getLong(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getString(6),
        rows.getString(7),
        rows.getInt(8),
        rows.getLong(9),
        rows.getString(10),
        rows.getTimestamp(11).toInstant(),
        replayedAt == null ? null : replayedAt.toInstant(),
        rows.getString(13));
  }

  private Map<String, String> headers(String json) {
    try {
      return json == null
          ? Map.of()
          : objectMapper.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable headers of a dead letter: " + json, e);
    }
  }

  private String json(Map<String, String> headers) {
    try {
      return objectMapper.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  private <R> R work(SqlWork<R> work) {
    return entityManager.unwrap(Session.class).doReturningWork(work::run);
  }

  @FunctionalInterface
  private interface SqlWork<R> {
    R run(Connection connection) throws SQLException;
  }
}
