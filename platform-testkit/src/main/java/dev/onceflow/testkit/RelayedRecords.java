package dev.onceflow.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OutboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds records exactly as outbox-relay publishes an {@link OutboxEvent}: key = aggregate id,
 * value = the event's JSON, headers {@code id}, {@code eventType}, {@code schemaVersion}, {@code
 * aggregateSequence} and {@code createdAt}, so a consumer's test can deliver events without a
 * relay.
 */
public final class RelayedRecords {

  /** JSON as the producing services write it: ISO-8601 instants. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private RelayedRecords() {}

  /** The record of {@code event} on {@code topic}, with a new event id. */
  public static ProducerRecord<String, byte[]> record(String topic, OutboxEvent event) {
    return record(topic, UUID.randomUUID(), event);
  }

  /** The record of {@code event} on {@code topic}, with the given event id. */
  public static ProducerRecord<String, byte[]> record(
      String topic, UUID eventId, OutboxEvent event) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, event.aggregateId(), json(event));
    header(record, OnceflowHeaders.EVENT_ID, eventId.toString());
    header(record, OnceflowHeaders.EVENT_TYPE, event.eventType());
    header(record, OnceflowHeaders.SCHEMA_VERSION, Integer.toString(event.schemaVersion()));
    header(record, OnceflowHeaders.AGGREGATE_SEQUENCE, Long.toString(event.aggregateSequence()));
    header(record, OnceflowHeaders.CREATED_AT, Instant.now().toString());
    return record;
  }

  /**
   * A record no consumer can read: the headers the relay sets (a new event id, {@code eventType},
   * schema version 1) on a payload that is not JSON. It must be dead-lettered, never block.
   */
  public static ProducerRecord<String, byte[]> unreadable(
      String topic, String key, String eventType) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, key, "{not json".getBytes(StandardCharsets.UTF_8));
    header(record, OnceflowHeaders.EVENT_ID, UUID.randomUUID().toString());
    header(record, OnceflowHeaders.EVENT_TYPE, eventType);
    header(record, OnceflowHeaders.SCHEMA_VERSION, "1");
    return record;
  }

  /** Sets (or, with {@code null}, removes) a header of {@code record}; returns it. */
  public static ProducerRecord<String, byte[]> header(
      ProducerRecord<String, byte[]> record, String key, String value) {
    record.headers().remove(key);
    if (value != null) {
      record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  /** {@code value} as JSON bytes. */
  public static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
