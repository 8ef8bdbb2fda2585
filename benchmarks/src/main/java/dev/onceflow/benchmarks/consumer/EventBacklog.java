package dev.onceflow.benchmarks.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.order.OrderEvents;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A backlog of order events shaped as outbox-relay publishes them, committed to Kafka before the
 * consumer starts: about 77 % {@code OrderPlaced} and 23 % {@code OrderCancelled} of the same
 * orders, then duplicate deliveries of earlier records a little later in the stream.
 */
final class EventBacklog {

  private static final int PUBLISH_TRANSACTION = 5_000;
  private static final int CUSTOMERS = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventBacklog() {}

  /**
   * {@code distinct} events whose ids are {@code UUID(series, n)} (so that the inbox tells the
   * series apart), then {@code duplicates} earlier records delivered again up to 5,000 later.
   */
  static List<ProducerRecord<String, byte[]>> of(
      String topic, int series, int distinct, int duplicates, long seed) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(distinct + duplicates);
    int order = 0;
    while (records.size() < distinct) {
      String orderId = "order-" + series + "-" + order;
      String customer = "customer-" + order % CUSTOMERS;
      records.add(placed(topic, new UUID(series, records.size()), orderId, customer));
      if (order % 10 < 3 && records.size() < distinct) {
        records.add(cancelled(topic, new UUID(series, records.size()), orderId, customer));
      }
      order++;
    }
    Random random = new Random(seed);
    for (int i = 0; i < duplicates; i++) {
      int original = random.nextInt(distinct);
      int at = Math.min(records.size(), original + 1 + random.nextInt(5_000));
      ProducerRecord<String, byte[]> copy = records.get(original);
      records.add(
          at, new ProducerRecord<>(copy.topic(), null, copy.key(), copy.value(), copy.headers()));
    }
    return records;
  }

  /** Commits {@code records} in Kafka transactions of 5,000, as the relay publishes. */
  static void publish(String bootstrap, List<ProducerRecord<String, byte[]>> records) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + UUID.randomUUID());
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      for (int from = 0; from < records.size(); from += PUBLISH_TRANSACTION) {
        producer.beginTransaction();
        records
            .subList(from, Math.min(records.size(), from + PUBLISH_TRANSACTION))
            .forEach(producer::send);
        producer.commitTransaction();
      }
    }
  }

  private static ProducerRecord<String, byte[]> placed(
      String topic, UUID id, String order, String customer) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("orderId", order);
    payload.put("customerId", customer);
    payload.put("currency", "EUR");
    payload.put(
        "lines",
        List.of(Map.of("sku", "SKU-1", "quantity", 2, "unitPrice", new BigDecimal("9.95"))));
    payload.put("total", new BigDecimal("19.90"));
    payload.put("placedAt", "2026-11-27T10:00:00Z");
    payload.put("sequence", 1);
    return record(topic, id, order, OrderEvents.ORDER_PLACED, 1, payload);
  }

  private static ProducerRecord<String, byte[]> cancelled(
      String topic, UUID id, String order, String customer) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("orderId", order);
    payload.put("customerId", customer);
    payload.put("reason", "benchmark");
    payload.put("cancelledAt", "2026-11-27T11:00:00Z");
    payload.put("sequence", 2);
    return record(topic, id, order, OrderEvents.ORDER_CANCELLED, 2, payload);
  }

  private static ProducerRecord<String, byte[]> record(
      String topic, UUID id, String key, String type, long sequence, Map<String, Object> payload) {
    ProducerRecord<String, byte[]> record;
    try {
      record = new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(payload));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    header(record, OnceflowHeaders.EVENT_ID, id.toString());
    header(record, OnceflowHeaders.EVENT_TYPE, type);
    header(record, OnceflowHeaders.SCHEMA_VERSION, "1");
    header(record, OnceflowHeaders.AGGREGATE_SEQUENCE, Long.toString(sequence));
    header(record, OnceflowHeaders.CREATED_AT, Instant.now().toString());
    return record;
  }

  private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
    record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
