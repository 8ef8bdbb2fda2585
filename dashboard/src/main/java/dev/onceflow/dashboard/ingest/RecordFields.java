package dev.onceflow.dashboard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What the ingest reads of a record: its key, headers as text, times and numbers in them, and the
 * business time in its payload. Anything missing or malformed reads as null (or the fallback): a
 * poison record is shown, never fatal.
 */
final class RecordFields {

  private RecordFields() {}

  /** The business time in the payload ({@code placedAt}, {@code cancelledAt}), if it is JSON. */
  static Instant requestedAt(ObjectMapper json, byte[] value) {
    if (value == null || value.length == 0 || value[0] != '{') {
      return null;
    }
    try {
      JsonNode node = json.readTree(value);
      JsonNode at = node.has("placedAt") ? node.get("placedAt") : node.get("cancelledAt");
      return at == null ? null : instant(at.asText());
    } catch (java.io.IOException e) {
      return null; // a poison record: the consumer will say why
    }
  }

  static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant(); // Debezium renders an offset
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(text));
      } catch (NumberFormatException notMillis) {
        return null;
      }
    }
  }

  static int parseInt(String text, int fallback) {
    try {
      return text == null ? fallback : Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static long parseLong(String text, long fallback) {
    try {
      return text == null ? fallback : Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
