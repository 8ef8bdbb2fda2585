package dev.onceflow.benchmarks.platform;

import dev.onceflow.contract.OnceflowHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@code read_committed} consumer of an event topic, on a thread of its own: what a consumer
 * sees, with the broker's append time of each event (the topic must use {@code LogAppendTime}).
 */
public final class EventTap implements AutoCloseable {

  /**
   * One event as it arrived.
   *
   * @param id the event id header
   * @param key the Kafka key: the aggregate id
   * @param appendedAtMs the broker's append time
   * @param createdAtMs the outbox row's {@code created_at}
   */
  public record Arrival(UUID id, String key, long appendedAtMs, long createdAtMs) {

    /** From the outbox row's creation to the broker's append. */
    public long lagMs() {
      return appendedAtMs - createdAtMs;
    }
  }

  private final KafkaConsumer<String, String> consumer;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final Thread thread;
  private volatile RuntimeException failure;

  public EventTap(String bootstrapServers, String topic, int partitions) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(properties);
    consumer.assign(
        IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList());
    thread = new Thread(this::read, "event-tap");
    thread.start();
  }

  private void read() {
    try {
      while (true) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
            throw new IllegalStateException(record.topic() + " is not stamped with LogAppendTime");
          }
          Arrival arrival =
              new Arrival(
                  UUID.fromString(header(record, OnceflowHeaders.EVENT_ID)),
                  record.key(),
                  record.timestamp(),
                  OffsetDateTime.parse(header(record, OnceflowHeaders.CREATED_AT))
                      .toInstant()
                      .toEpochMilli());
          synchronized (arrivals) {
            arrivals.add(arrival);
          }
        }
      }
    } catch (WakeupException e) {
      // closed
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  private static String header(ConsumerRecord<String, String> record, String key) {
    Header header = record.headers().lastHeader(key);
    if (header == null) {
      throw new IllegalStateException("an event without header " + key);
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Every event read so far. */
  public List<Arrival> arrivals() {
    if (failure != null) {
      throw new IllegalStateException("reading the events failed", failure);
    }
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  /** How many events were read so far. */
  public int count() {
    synchronized (arrivals) {
      return arrivals.size();
    }
  }

  /** The end-to-end lag of the latest event read, or -1 before the first. */
  public long latestLagMs() {
    synchronized (arrivals) {
      return arrivals.isEmpty() ? -1 : arrivals.get(arrivals.size() - 1).lagMs();
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(10_000);
  }
}
