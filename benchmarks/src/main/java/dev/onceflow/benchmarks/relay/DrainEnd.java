package dev.onceflow.benchmarks.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When a drain ended, as the broker recorded it: the append time ({@code LogAppendTime}) of the
 * last event on any partition. Exact to the millisecond whatever the observer does, unlike a scrape
 * loop; it leaves out only the last batch's commit round trip, the same for every relay.
 */
final class DrainEnd {

  /** Records read back per partition: enough to pass a transaction's commit marker. */
  private static final int TAIL = 5;

  private DrainEnd() {}

  /** The latest append time among the last records of {@code topic}'s partitions. */
  static Instant lastAppend(String bootstrapServers, String topic, int partitions) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (int partition = 0; partition < partitions; partition++) {
        assigned.add(new TopicPartition(topic, partition));
      }
      consumer.assign(assigned);
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
      for (TopicPartition partition : assigned) {
        consumer.seek(partition, Math.max(0, ends.get(partition) - TAIL));
      }
      long latest = Long.MIN_VALUE;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (assigned.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read the end of " + topic);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
            throw new IllegalStateException(topic + " is not stamped with LogAppendTime");
          }
          latest = Math.max(latest, record.timestamp());
        }
      }
      if (latest == Long.MIN_VALUE) {
        throw new IllegalStateException(topic + " has no record");
      }
      return Instant.ofEpochMilli(latest);
    }
  }
}
