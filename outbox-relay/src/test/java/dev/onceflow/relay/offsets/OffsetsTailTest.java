package dev.onceflow.relay.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.local.LocalKafka;
import dev.onceflow.local.LocalPlatformTestResource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The standby's read-ahead of the offsets topic against the real broker: read ahead while the old
 * holder still commits, then finished after the new holder's {@code initTransactions()}, it holds
 * exactly what a read from the beginning holds.
 */
class OffsetsTailTest {

  private static final String TRANSACTIONAL_ID = "offsets-tail-test";

  @Test
  void aReadAheadFinishedAfterFencingEqualsAReadFromTheBeginning() {
    LocalKafka kafka = LocalPlatformTestResource.kafka();
    Map<String, String> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    OffsetsTopic topic =
        new OffsetsTopic("offsets_tail_test.offsets", client, Duration.ofSeconds(30));
    try (Admin admin = kafka.admin()) {
      topic.ensureExists(admin);
    }
    try (KafkaProducer<byte[], byte[]> old = producer(kafka);
        OffsetsTail tail = topic.tail()) {
      old.initTransactions();
      commit(old, topic, "a", "1", "b", "2");
      commit(old, topic, "c", "3", "c", null);

      await("the standby read ahead")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                tail.advance();
                return tail.recordsRead() >= 4;
              });

      // After the read-ahead the old holder still commits, then dies with a transaction open.
      commit(old, topic, "a", "4", "c", "5");
      old.beginTransaction();
      old.send(record(topic, "b", "never"));
      old.flush();

      try (KafkaProducer<byte[], byte[]> fencing = producer(kafka)) {
        fencing.initTransactions();
        Map<ByteBuffer, ByteBuffer> tailRead = tail.readToEnd(Duration.ofSeconds(30));

        assertThat(tailRead)
            .isEqualTo(topic.readCommitted())
            .isEqualTo(
                Map.of(bytes("a"), bytes("4"), bytes("b"), bytes("2"), bytes("c"), bytes("5")));
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(LocalKafka kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            TRANSACTIONAL_ID,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class));
  }

  /** One transaction of two records; a {@code null} value is a tombstone. */
  private static void commit(
      KafkaProducer<byte[], byte[]> producer,
      OffsetsTopic topic,
      String key1,
      String value1,
      String key2,
      String value2) {
    producer.beginTransaction();
    producer.send(record(topic, key1, value1));
    producer.send(record(topic, key2, value2));
    producer.commitTransaction();
  }

  private static ProducerRecord<byte[], byte[]> record(
      OffsetsTopic topic, String key, String value) {
    return new ProducerRecord<>(
        topic.name(),
        key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
