package dev.onceflow.inbox.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderLine;
import dev.onceflow.contract.order.OrderPlaced;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds records exactly as outbox-relay publishes them: key = order id, value = the event's JSON,
 * headers {@code id}, {@code eventType}, {@code schemaVersion}, {@code aggregateSequence}, {@code
 * createdAt} and optionally {@code traceparent}.
 */
public final class OrderEventRecords {

  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private OrderEventRecords() {}

  public static OrderPlaced placed(String orderId, String customerId, String total) {
    BigDecimal amount = new BigDecimal(total);
    return new OrderPlaced(
        orderId,
        customerId,
        "EUR",
        List.of(new OrderLine("SKU-1", 1, amount)),
        amount,
        Instant.parse("2026-11-27T10:00:00Z"),
        1);
  }

  public static OrderCancelled cancelled(String orderId, String customerId) {
    return new OrderCancelled(
        orderId,
        customerId,
        "customer changed their mind",
        Instant.parse("2026-11-27T11:00:00Z"),
        2);
  }

  /** The record of {@code event} with a new event id. */
  public static ProducerRecord<String, byte[]> record(String topic, OutboxEvent event) {
    return record(topic, UUID.randomUUID(), event);
  }

  /** The record of {@code event} with the given event id. */
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

  /** A copy of {@code record} sent to an explicit partition. */
  public static ProducerRecord<String, byte[]> toPartition(
      ProducerRecord<String, byte[]> record, int partition) {
    return new ProducerRecord<>(
        record.topic(), partition, record.key(), record.value(), record.headers());
  }

  public static ProducerRecord<String, byte[]> header(
      ProducerRecord<String, byte[]> record, String key, String value) {
    record.headers().remove(key);
    if (value != null) {
      record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  public static String jsonString(Object value) {
    return new String(json(value), StandardCharsets.UTF_8);
  }

  public static byte[] json(Object event) {
    try {
      return JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
