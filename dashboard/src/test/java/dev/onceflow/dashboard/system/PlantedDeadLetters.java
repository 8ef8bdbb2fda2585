package dev.onceflow.dashboard.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderLine;
import dev.onceflow.contract.order.OrderPlaced;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The dead letters the system test plants on Kafka with a plain producer. */
final class PlantedDeadLetters {

  private PlantedDeadLetters() {}

  /**
   * A poison event straight onto the order topic (inbox-consumer dead-letters it), and a valid
   * event on the dead-letter topic as if its retries had run out (a replay applies it).
   */
  static void publish(ObjectMapper json, String kafka, String poisonId, String replayableId)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      // A poison event straight onto the order topic: inbox-consumer dead-letters it.
      ProducerRecord<byte[], byte[]> poison =
          record(
              OnceflowTopics.ORDER_EVENTS,
              "it-poison",
              "{\"orderId\": not json".getBytes(StandardCharsets.UTF_8));
      header(poison, OnceflowHeaders.EVENT_ID, poisonId);
      header(poison, OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
      header(poison, OnceflowHeaders.SCHEMA_VERSION, "1");
      header(poison, OnceflowHeaders.CREATED_AT, Instant.now().toString());
      producer.send(poison).get();

      // A valid event that was dead-lettered because retries ran out (as during a database outage).
      String orderId = UUID.randomUUID().toString();
      OrderPlaced event =
          new OrderPlaced(
              orderId,
              "it-replay",
              "EUR",
              List.of(new OrderLine("BOOK-2", 1, new BigDecimal("9.99"))),
              new BigDecimal("9.99"),
              Instant.now(),
              1);
      ProducerRecord<byte[], byte[]> deadLetter =
          record(OnceflowTopics.DEAD_LETTERS, orderId, json.writeValueAsBytes(event));
      header(deadLetter, OnceflowHeaders.EVENT_ID, replayableId);
      header(deadLetter, OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
      header(deadLetter, OnceflowHeaders.SCHEMA_VERSION, "1");
      header(deadLetter, OnceflowHeaders.AGGREGATE_SEQUENCE, "1");
      header(deadLetter, OnceflowHeaders.CREATED_AT, Instant.now().toString());
      header(deadLetter, OnceflowHeaders.DLQ_REASON, "retries-exhausted: database unreachable");
      header(deadLetter, OnceflowHeaders.DLQ_EXCEPTION, "java.net.ConnectException");
      header(deadLetter, OnceflowHeaders.DLQ_TOPIC, OnceflowTopics.ORDER_EVENTS);
      header(deadLetter, OnceflowHeaders.DLQ_PARTITION, "0");
      header(
          deadLetter,
          OnceflowHeaders.DLQ_OFFSET,
          Long.toString(1_000_000 + (long) (Math.random() * 1e9)));
      header(deadLetter, OnceflowHeaders.DLQ_CONSUMER, "fulfillment");
      producer.send(deadLetter).get();
    }
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
