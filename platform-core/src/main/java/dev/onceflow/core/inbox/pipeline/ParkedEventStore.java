package dev.onceflow.core.inbox.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events held back until their aggregate's previous event is applied ({@code inbox_parked_event}).
 * The record is stored as it arrived (key, value bytes, headers, coordinates) and decoded again
 * when it is released, so a parked event is applied exactly as a fresh delivery would be.
 */
final class ParkedEventStore {

  private static final String FOR_AGGREGATES =
      "SELECT record_key, payload, headers::text, source_topic, source_partition, source_offset"
          + " FROM inbox_parked_event WHERE consumer = ? AND aggregate_id = ANY(?::varchar[])"
          + " ORDER BY aggregate_id, sequence";

  private static final String INSERT =
      "INSERT INTO inbox_parked_event (consumer, event_id, aggregate_id, sequence, record_key,"
          + " payload, headers, source_topic, source_partition, source_offset, parked_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private static final String DELETE =
      "DELETE FROM inbox_parked_event WHERE consumer = ? AND event_id = ANY(?::uuid[])";

  private final ObjectMapper objectMapper;

  ParkedEventStore(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  /** The stored records parked for {@code aggregateIds}, by aggregate and sequence. */
  List<EventEnvelope> parkedFor(
      Connection connection, String consumer, Collection<String> aggregateIds) throws SQLException {
    List<EventEnvelope> parked = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(FOR_AGGREGATES)) {
      select.setString(1, consumer);
      select.setArray(2, connection.createArrayOf("varchar", aggregateIds.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          parked.add(
              new EventEnvelope(
                  rows.getString(1),
                  rows.getBytes(2),
                  headers(rows.getString(3)),
                  rows.getString(4),
                  rows.getInt(5),
                  rows.getLong(6)));
        }
      }
    }
    return parked;
  }

  void park(
      Connection connection, String consumer, List<? extends ConsumedEvent<?>> events, Instant now)
      throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    Timestamp parkedAt = Timestamp.from(now);
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (ConsumedEvent<?> event : events) {
        EventEnvelope envelope = event.envelope();
        insert.setString(1, consumer);
        insert.setObject(2, event.eventId());
        insert.setString(3, event.aggregateId());
        insert.setLong(4, event.sequence());
        insert.setString(5, envelope.key());
        insert.setBytes(6, envelope.value() == null ? new byte[0] : envelope.value());
        insert.setString(7, json(envelope.headers()));
        insert.setString(8, envelope.topic());
        insert.setInt(9, envelope.partition());
        insert.setLong(10, envelope.offset());
        insert.setTimestamp(11, parkedAt);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  void release(Connection connection, String consumer, List<UUID> eventIds) throws SQLException {
    if (eventIds.isEmpty()) {
      return;
    }
    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
      delete.setString(1, consumer);
      delete.setArray(2, connection.createArrayOf("uuid", eventIds.toArray(UUID[]::new)));
      delete.executeUpdate();
    }
  }

  private Map<String, String> headers(String json) {
    try {
      return objectMapper.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable headers of a parked event: " + json, e);
    }
  }

  private String json(Map<String, String> headers) {
    try {
      return objectMapper.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write headers as JSON", e);
    }
  }
}
