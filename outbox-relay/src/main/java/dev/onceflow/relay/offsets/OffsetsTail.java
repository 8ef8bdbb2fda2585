package dev.onceflow.relay.offsets;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * A {@code read_committed} reader of the offsets topic that keeps its place: every key's latest
 * committed value, read contiguously from the beginning.
 *
 * <p>A standby {@link #advance advances} it while it waits for the shard lock, so that at
 * activation {@link #readToEnd} only reads the tail. That read is as complete as a read from the
 * beginning: the reader only ever moves forward over committed records (aborted ones are never
 * returned), so what it read before the activation is final; and the end it reads to is taken after
 * {@code initTransactions()} settled the previous holder's transaction, so nothing the old holder
 * committed before it was fenced lies beyond it. Any failure starts the reader over from the
 * beginning, so its map is never built from a gap.
 *
 * <p>Not thread-safe: one thread (the relay's leader) uses it.
 */
public final class OffsetsTail implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(OffsetsTail.class);

  private final String topic;
  private final Map<String, Object> properties;
  private final Map<ByteBuffer, ByteBuffer> latest = new HashMap<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private List<TopicPartition> assigned = List.of();
  private long records;

  /**
   * @param topic the offsets topic
   * @param kafka the {@code kafka.*} pass-through properties (bootstrap servers, security)
   */
  public OffsetsTail(String topic, Map<String, String> kafka) {
    this.topic = topic;
    Map<String, Object> consumerProperties = new HashMap<>(kafka);
    consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Only the relay creates this topic, compacted: a metadata request must never create it.
    consumerProperties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProperties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProperties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerProperties.keySet().retainAll(ConsumerConfig.configNames());
    this.properties = Map.copyOf(consumerProperties);
  }

  /**
   * Reads what is committed and already fetched, without waiting (a standby calls it between its
   * waits for the lock, which it must not delay). A failure is logged and the reader starts over.
   */
  public void advance() {
    try {
      if (assign(Duration.ofMillis(100))) {
        take(consumer.poll(Duration.ZERO));
      }
    } catch (TimeoutException e) {
      // No metadata yet, or the topic does not exist yet (a first start: the activation creates
      // it). Nothing was read, so the reader stays as it is. At activation a timeout fails the
      // read.
      LOG.debugf("The offsets topic %s cannot be read ahead yet: %s", topic, e.getMessage());
    } catch (KafkaException e) {
      LOG.debugf(e, "Reading the offsets topic %s ahead failed; starting over", topic);
      reset();
    }
  }

  /**
   * Reads up to the topic's last stable offset as of now, and returns every key's latest committed
   * value. Called after {@code initTransactions()}: see the class comment.
   *
   * @throws IllegalStateException if it takes longer than {@code timeout}
   */
  public Map<ByteBuffer, ByteBuffer> readToEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long before = records;
    try {
      if (!assign(timeout)) {
        return Map.of();
      }
      // read_committed: the end offsets are the last stable offsets, taken now (after fencing).
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
      while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "timed out after " + timeout + " reading the offsets topic " + topic);
        }
        take(consumer.poll(Duration.ofMillis(200)));
      }
    } catch (RuntimeException e) {
      reset();
      throw e;
    }
    LOG.infof(
        "Read the offsets topic %s to its end: %d record(s) ahead of the activation, %d after",
        topic, Long.valueOf(before), Long.valueOf(records - before));
    return Map.copyOf(latest);
  }

  /** How many records the reader has read since it (last) started from the beginning. */
  long recordsRead() {
    return records;
  }

  @Override
  public void close() {
    reset();
  }

  /** Whether the consumer reads the topic's partitions (the topic may not exist yet). */
  private boolean assign(Duration timeout) {
    if (consumer == null) {
      consumer = new KafkaConsumer<>(properties);
    }
    if (assigned.isEmpty()) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
      if (partitions == null || partitions.isEmpty()) {
        return false;
      }
      assigned =
          partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
    }
    return true;
  }

  private void take(Iterable<ConsumerRecord<byte[], byte[]>> batch) {
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      records++;
      if (record.key() == null) {
        continue;
      }
      ByteBuffer key = ByteBuffer.wrap(record.key());
      if (record.value() == null) {
        latest.remove(key);
      } else {
        latest.put(key, ByteBuffer.wrap(record.value()));
      }
    }
  }

  private void reset() {
    latest.clear();
    records = 0;
    assigned = List.of();
    if (consumer != null) {
      consumer.close(Duration.ZERO);
      consumer = null;
    }
  }
}
