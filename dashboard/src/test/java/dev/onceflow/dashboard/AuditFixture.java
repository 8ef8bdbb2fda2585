package dev.onceflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** What the audit tests produce (with a plain producer) and read (snapshot, metrics). */
final class AuditFixture {

  private final ObjectMapper json;

  AuditFixture(ObjectMapper json) {
    this.json = json;
  }

  /** An event record as the relay publishes it: key, id, type, sequence, createdAt. */
  static ProducerRecord<byte[], byte[]> event(
      String topic, String eventId, String orderId, long sequence) {
    ProducerRecord<byte[], byte[]> record =
        LiveFeedTest.record(topic, orderId, "{\"orderId\":\"" + orderId + "\"}");
    LiveFeedTest.header(record, OnceflowHeaders.EVENT_ID, eventId);
    LiveFeedTest.header(record, OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
    LiveFeedTest.header(record, OnceflowHeaders.AGGREGATE_SEQUENCE, Long.toString(sequence));
    LiveFeedTest.header(record, OnceflowHeaders.CREATED_AT, Instant.now().toString());
    return record;
  }

  /** The consumer's journal entry saying it applied the event, committed at {@code at}. */
  void applied(
      KafkaProducer<byte[], byte[]> producer,
      String eventId,
      String orderId,
      RecordMetadata where,
      Instant at)
      throws Exception {
    journal(
        producer,
        json,
        processed(eventId, orderId, where.topic(), where.partition(), where.offset(), at, at, at));
  }

  /** A {@code fulfillment} journal entry: the event at these coordinates was applied. */
  static InboxJournalEntry processed(
      String eventId,
      String orderId,
      String topic,
      int partition,
      long offset,
      Instant createdAt,
      Instant receivedAt,
      Instant committedAt) {
    return new InboxJournalEntry(
        eventId,
        "fulfillment",
        InboxJournalEntry.Outcome.PROCESSED,
        OrderEvents.ORDER_PLACED,
        orderId,
        topic,
        partition,
        offset,
        createdAt,
        receivedAt,
        committedAt,
        null,
        false);
  }

  /** Publishes a journal entry as inbox-consumer does (JSON, key = event id). */
  static void journal(
      KafkaProducer<byte[], byte[]> producer, ObjectMapper json, InboxJournalEntry entry)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                OnceflowTopics.INBOX_JOURNAL,
                entry.eventId().getBytes(StandardCharsets.UTF_8),
                json.writeValueAsBytes(entry)))
        .get();
  }

  /** The audit part of the latest snapshot. */
  JsonNode audit() throws Exception {
    return json.readTree(RestAssured.get("/api/snapshot").asString()).path("audit");
  }

  JsonNode snapshot() throws Exception {
    return json.readTree(RestAssured.get("/api/snapshot").asString());
  }

  /** The anomaly of this kind naming this event id (or aggregate), or null. */
  static JsonNode anomaly(JsonNode audit, String kind, String consumer, String idOrAggregate) {
    for (JsonNode a : audit.path("latest")) {
      boolean names =
          a.path("eventIds").toString().contains("\"" + idOrAggregate + "\"")
              || idOrAggregate.equals(a.path("aggregate").asText());
      if (kind.equals(a.path("kind").asText())
          && consumer.equals(a.path("consumer").asText())
          && names) {
        return a;
      }
    }
    return null;
  }

  /** The value of {@code onceflow_audit_anomalies_total{consumer, kind}} on /q/metrics. */
  static double metric(String consumer, String kind) {
    String metrics = RestAssured.get("/q/metrics").asString();
    for (String line : metrics.split("\n")) {
      if (line.startsWith("onceflow_audit_anomalies_total{")
          && line.contains("consumer=\"" + consumer + "\"")
          && line.contains("kind=\"" + kind + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no series for " + consumer + "/" + kind + " in\n" + metrics);
  }

  static void assertAlerted(JsonNode snapshot, String eventIdOrAggregate) {
    assertThat(snapshot.path("alerts").findValuesAsText("message"))
        .anySatisfy(m -> assertThat(m).contains("exactly-once audit").contains(eventIdOrAggregate));
  }
}
