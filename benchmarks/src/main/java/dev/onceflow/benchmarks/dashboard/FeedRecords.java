package dev.onceflow.benchmarks.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * The records {@link DashboardFeed} publishes, shaped as the platform's services publish them: an
 * order event as outbox-relay does, an inbox journal entry and a dead letter as inbox-consumer
 * does.
 */
final class FeedRecords {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FeedRecords() {}

  /** An order event sent in a feed transaction, and where Kafka put it once acknowledged. */
  record Sent(
      String eventId,
      String orderId,
      String eventType,
      byte[] payload,
      Instant createdAt,
      Future<RecordMetadata> metadata) {}

  /**
   * An {@code OrderPlaced} of a new order, or an {@code OrderCancelled} of {@code orderId} placed
   * before, with the headers outbox-relay sets.
   */
  static ProducerRecord<byte[], byte[]> orderEvent(
      String eventId,
      String orderId,
      boolean cancel,
      String customerId,
      Instant createdAt,
      Instant committedAt) {
    ObjectNode payload =
        JSON.createObjectNode().put("orderId", orderId).put("customerId", customerId);
    if (cancel) {
      payload.put("reason", "changed my mind").put("cancelledAt", createdAt.toString());
    } else {
      payload.put("currency", "EUR");
      payload
          .putArray("lines")
          .addObject()
          .put("sku", "BOOK-1")
          .put("quantity", 2)
          .put("unitPrice", new BigDecimal("12.50"));
      payload.put("total", new BigDecimal("25.00")).put("placedAt", createdAt.toString());
    }
    payload.put("sequence", cancel ? 2 : 1);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(OnceflowTopics.ORDER_EVENTS, bytes(orderId), json(payload));
    Headers headers = record.headers();
    header(headers, OnceflowHeaders.EVENT_ID, eventId);
    header(headers, OnceflowHeaders.EVENT_TYPE, eventType(cancel));
    header(headers, OnceflowHeaders.SCHEMA_VERSION, "1");
    header(headers, OnceflowHeaders.AGGREGATE_SEQUENCE, cancel ? "2" : "1");
    header(headers, OnceflowHeaders.CREATED_AT, createdAt.toString());
    header(headers, OnceflowHeaders.COMMITTED_AT, committedAt.toString());
    return record;
  }

  static String eventType(boolean cancel) {
    return cancel ? OrderEvents.ORDER_CANCELLED : OrderEvents.ORDER_PLACED;
  }

  /** {@code event} dead-lettered by {@code consumer} for {@code reason}. */
  static ProducerRecord<byte[], byte[]> deadLetter(
      Sent event, RecordMetadata where, String consumer, String reason) {
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(OnceflowTopics.DEAD_LETTERS, bytes(event.orderId()), event.payload());
    Headers headers = letter.headers();
    header(headers, OnceflowHeaders.EVENT_ID, event.eventId());
    header(headers, OnceflowHeaders.EVENT_TYPE, event.eventType());
    header(headers, OnceflowHeaders.DLQ_REASON, reason);
    header(headers, OnceflowHeaders.DLQ_EXCEPTION, "dev.onceflow.inbox.RejectedEvent");
    header(headers, OnceflowHeaders.DLQ_TOPIC, where.topic());
    header(headers, OnceflowHeaders.DLQ_PARTITION, Integer.toString(where.partition()));
    header(headers, OnceflowHeaders.DLQ_OFFSET, Long.toString(where.offset()));
    header(headers, OnceflowHeaders.DLQ_CONSUMER, consumer);
    return letter;
  }

  /**
   * The journal entry {@code consumer} publishes after committing {@code event}: processed, or
   * dead-lettered when {@code reason} is not null.
   */
  static ProducerRecord<byte[], byte[]> journalEntry(
      Sent event,
      RecordMetadata where,
      String consumer,
      String reason,
      Instant receivedAt,
      Instant committedAt) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("eventId", event.eventId());
    entry.put("consumer", consumer);
    entry.put("outcome", reason != null ? "DEAD_LETTERED" : "PROCESSED");
    entry.put("eventType", event.eventType());
    entry.put("key", event.orderId());
    entry.put("topic", where.topic());
    entry.put("partition", where.partition());
    entry.put("offset", where.offset());
    entry.put("createdAt", event.createdAt().toString());
    entry.put("receivedAt", receivedAt.toString());
    entry.put("committedAt", committedAt.toString());
    entry.put("reason", reason);
    entry.put("replay", false);
    return new ProducerRecord<>(OnceflowTopics.INBOX_JOURNAL, bytes(event.eventId()), json(entry));
  }

  private static byte[] json(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void header(Headers headers, String name, String value) {
    headers.add(name, bytes(value));
  }
}
