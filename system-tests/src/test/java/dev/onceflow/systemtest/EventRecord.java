package dev.onceflow.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One record of an event topic as a {@code read_committed} consumer sees it.
 *
 * @param customerId the payload's customer, to find events of requests that were refused
 */
record EventRecord(
    String topic,
    int partition,
    long offset,
    String key,
    String eventId,
    String eventType,
    long sequence,
    String customerId) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(500);

  /** {@code key/sequence}: the identity of an event in its aggregate's history. */
  String aggregateEvent() {
    return key + "/" + sequence;
  }

  /**
   * Every committed record of {@code topics}, from the beginning to the last stable offset, in
   * partition and offset order.
   */
  static List<EventRecord> readAll(String bootstrapServers, Collection<String> topics) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    List<EventRecord> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // For read_committed, the end offsets are the last stable offsets.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topics + " up to " + end);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          records.add(of(record));
        }
      }
    }
    records.sort(
        (a, b) ->
            a.topic.equals(b.topic)
                ? a.partition != b.partition
                    ? Integer.compare(a.partition, b.partition)
                    : Long.compare(a.offset, b.offset)
                : a.topic.compareTo(b.topic));
    return records;
  }

  /** The topics whose name starts with {@code prefix}. */
  static List<String> topics(Admin admin, String prefix) {
    try {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(name -> name.startsWith(prefix))
          .sorted()
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException("cannot list topics", e);
    }
  }

  /**
   * Records in {@code topic} for any isolation level: e.g. dead letters, written without
   * transactions.
   */
  static long countAll(String bootstrapServers, String topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
    }
  }

  private static boolean caughtUp(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey(), Duration.ofSeconds(30)) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static EventRecord of(ConsumerRecord<String, byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    String sequence = headers.get(OnceflowHeaders.AGGREGATE_SEQUENCE);
    return new EventRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        headers.get(OnceflowHeaders.EVENT_ID),
        headers.get(OnceflowHeaders.EVENT_TYPE),
        sequence == null ? -1 : Long.parseLong(sequence),
        customerId(record.value()));
  }

  private static String customerId(byte[] payload) {
    if (payload == null) {
      // A dead letter of an event refused for its size keeps no payload.
      return null;
    }
    try {
      JsonNode node = JSON.readTree(payload);
      JsonNode customer = node == null ? null : node.get("customerId");
      return customer == null ? null : customer.asText();
    } catch (IOException e) {
      return null;
    }
  }
}
