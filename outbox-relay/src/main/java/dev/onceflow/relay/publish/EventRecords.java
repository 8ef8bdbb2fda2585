package dev.onceflow.relay.publish;

import dev.onceflow.contract.OnceflowHeaders;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
  static Instant instant(String text) {
    Instant utc = utcInstant(text);
    if (utc != null) {
      return utc;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static final int[] NANOS_PER_DIGIT = {
    100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  /**
   * The form Debezium gives every timestamptz, UTC with up to 9 fraction digits ({@code
   * 2026-11-27T04:45:39.904354Z}), read by hand: {@code OffsetDateTime.parse} costs a few percent
   * of the relay's CPU per event (profile in docs/benchmarks.md). {@code null} for any other form.
   */
  private static Instant utcInstant(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length > 20 && (text.charAt(19) != '.' || length == 21))) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int fraction = length > 20 ? digits(text, 20, length - 1) : 0;
    if ((year | month | day | hour | minute | second | fraction) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      int nanos = length > 20 ? fraction * NANOS_PER_DIGIT[length - 22] : 0;
      return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in {@code text[from, to)}, or -1 if a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
