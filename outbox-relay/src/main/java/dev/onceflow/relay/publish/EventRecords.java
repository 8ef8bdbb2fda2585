package dev.onceflow.relay.publish;

import dev.onceflow.contract.OnceflowHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a record routed by Debezium's Outbox Event Router into the Kafka record the relay
 * publishes.
 *
 * <p>The value is the outbox row's {@code payload} column exactly as PostgreSQL renders the jsonb,
 * as UTF-8 bytes: JSON once, never a JSON string containing JSON. The key is the aggregate id (what
 * keeps per-aggregate order), and every header is a UTF-8 string named by {@link OnceflowHeaders}.
 *
 * <p>Records on other topics (Debezium heartbeats, logical decoding messages) are not events: they
 * only carry a source offset.
 */
public final class EventRecords {

  private final String topicPrefix;

  /**
   * @param topicPrefix the prefix the router puts before the aggregate type; a record on any other
   *     topic is not an event
   */
  public EventRecords(String topicPrefix) {
    this.topicPrefix = topicPrefix;
  }

  /** Whether {@code record} is a routed outbox event rather than a heartbeat or a message. */
  public boolean isEvent(SourceRecord record) {
    return record.topic() != null && record.topic().startsWith(topicPrefix);
  }

  /** The event to publish for a routed outbox record. */
  public PublishableEvent toEvent(SourceRecord record) {
    List<Header> headers = new ArrayList<>(6);
    Instant createdAt = null;
    for (org.apache.kafka.connect.header.Header header : record.headers()) {
      if (header.value() == null) {
        continue;
      }
      String text = text(header.value());
      headers.add(new RecordHeader(header.key(), text.getBytes(StandardCharsets.UTF_8)));
      if (OnceflowHeaders.CREATED_AT.equals(header.key())) {
        createdAt = instant(text);
      }
    }
    committedAt(record)
        .ifPresent(
            at ->
                headers.add(
                    new RecordHeader(
                        OnceflowHeaders.COMMITTED_AT,
                        at.toString().getBytes(StandardCharsets.UTF_8))));
    ProducerRecord<byte[], byte[]> producerRecord =
        new ProducerRecord<>(
            record.topic(), null, null, bytes(record.key()), bytes(record.value()), headers);
    return new PublishableEvent(producerRecord, createdAt);
  }

  /**
   * When the source transaction committed: the PostgreSQL connector's offset carries the commit
   * timestamp ({@code ts_usec}, microseconds). Lets the dashboard show the database-commit hop.
   */
  static java.util.Optional<Instant> committedAt(SourceRecord record) {
    if (record.sourceOffset() != null
        && record.sourceOffset().get("ts_usec") instanceof Number micros) {
      long value = micros.longValue();
      return java.util.Optional.of(
          Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000));
    }
    return java.util.Optional.empty();
  }

  private static byte[] bytes(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] raw) {
      return raw;
    }
    if (value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalStateException(
        "expected the outbox payload and key as text, got "
            + value.getClass().getName()
            + ": the payload column must be json, jsonb or text and the router must not expand it");
  }

  private static String text(Object value) {
    if (value instanceof byte[] raw) {
      return new String(raw, StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  /** Debezium renders timestamptz as ISO-8601 with an offset; anything else yields no latency. */
  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
