package dev.onceflow.inbox.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderConfirmed;
import dev.onceflow.contract.order.OrderLine;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.contract.order.OrderRejected;
import dev.onceflow.testkit.RelayedRecords;
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

  public static final ObjectMapper JSON = RelayedRecords.JSON;

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

  /** The order's payment was authorised (always sequence 2). */
  public static OrderConfirmed confirmed(String orderId, String customerId) {
    return new OrderConfirmed(orderId, customerId, Instant.parse("2026-11-27T10:00:05Z"), 2);
  }

  /** The order's payment was declined (always sequence 2). */
  public static OrderRejected rejected(String orderId, String customerId) {
    return new OrderRejected(
        orderId, customerId, "amount-above-limit", Instant.parse("2026-11-27T10:00:05Z"), 2);
  }

  /** Cancelled while placed: sequence 2. */
  public static OrderCancelled cancelled(String orderId, String customerId) {
    return cancelled(orderId, customerId, 2);
  }

  /** Cancelled at {@code sequence}: 2 while placed, 3 after confirmation. */
  public static OrderCancelled cancelled(String orderId, String customerId, long sequence) {
    return new OrderCancelled(
        orderId,
        customerId,
        "customer changed their mind",
        Instant.parse("2026-11-27T11:00:00Z"),
        sequence);
  }

  /** The record of {@code event} with a new event id. */
  public static ProducerRecord<String, byte[]> record(String topic, OutboxEvent event) {
    return RelayedRecords.record(topic, event);
  }

  /** The record of {@code event} with the given event id. */
  public static ProducerRecord<String, byte[]> record(
      String topic, UUID eventId, OutboxEvent event) {
    return RelayedRecords.record(topic, eventId, event);
  }

  /** A copy of {@code record} sent to an explicit partition. */
  public static ProducerRecord<String, byte[]> toPartition(
      ProducerRecord<String, byte[]> record, int partition) {
    return new ProducerRecord<>(
        record.topic(), partition, record.key(), record.value(), record.headers());
  }

  public static ProducerRecord<String, byte[]> header(
      ProducerRecord<String, byte[]> record, String key, String value) {
    return RelayedRecords.header(record, key, value);
  }

  public static String jsonString(Object value) {
    return new String(json(value), StandardCharsets.UTF_8);
  }

  public static byte[] json(Object event) {
    return RelayedRecords.json(event);
  }
}
