package dev.onceflow.relay.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads event topics from the beginning with {@code isolation.level=read_committed}: exactly what a
 * transactional consumer downstream would see.
 */
public final class EventTopics implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ReceivedEvent> received = new ArrayList<>();

  /** Subscribes to {@code topics} (created on demand by the broker when absent). */
  public EventTopics(String bootstrapServers, List<String> topics) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer = new KafkaConsumer<>(properties);
    consumer.subscribe(topics);
  }

  /** Polls once more and returns everything received so far, in consumption order. */
  public synchronized List<ReceivedEvent> poll() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (Header header : record.headers()) {
        headers.put(
            header.key(),
            header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
      }
      received.add(
          new ReceivedEvent(
              record.topic(),
              record.partition(),
              record.offset(),
              record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
              record.value(),
              headers));
    }
    return List.copyOf(received);
  }

  /** Polls until {@code done} holds for everything received, then returns it. */
  public List<ReceivedEvent> pollUntil(Duration atMost, Predicate<List<ReceivedEvent>> done) {
    List<List<ReceivedEvent>> last = new ArrayList<>(List.of(List.of()));
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last.set(0, poll());
              return done.test(last.get(0));
            });
    return last.get(0);
  }

  /** Polls until at least {@code count} events arrived. */
  public List<ReceivedEvent> pollUntilAtLeast(int count, Duration atMost) {
    return pollUntil(atMost, events -> events.size() >= count);
  }

  /**
   * Polls until nothing new arrived for {@code quiet}, so that late duplicates show up before the
   * audit.
   */
  public List<ReceivedEvent> pollUntilQuiet(Duration quiet, Duration atMost) {
    long[] lastChange = {System.nanoTime()};
    int[] lastSize = {-1};
    return pollUntil(
        atMost,
        events -> {
          if (events.size() != lastSize[0]) {
            lastSize[0] = events.size();
            lastChange[0] = System.nanoTime();
            return false;
          }
          return System.nanoTime() - lastChange[0] >= quiet.toNanos();
        });
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
