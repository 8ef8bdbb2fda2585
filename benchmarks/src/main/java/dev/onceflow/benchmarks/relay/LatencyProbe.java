package dev.onceflow.benchmarks.relay;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.local.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Event latency under a steady load: one transaction every 5 ms on a fixed schedule (a tick missed
 * by more than a period is dropped, not caught up in a burst), and for each event the time from its
 * {@code created_at} to its arrival at a {@code read_committed} consumer.
 */
final class LatencyProbe {

  /** Enough events before the measurement for the JIT to compile the path. */
  static final Duration WARM_UP = Duration.ofSeconds(10);

  private static final long PERIOD = TimeUnit.MILLISECONDS.toNanos(5);

  /** Percentiles in ms, and the rate achieved. */
  record Latency(double p50Ms, double p99Ms, double maxMs, int samples, double achievedRate) {}

  private LatencyProbe() {}

  /** Runs {@code rate} events/s for {@code seconds} after the warm-up through {@code relay}. */
  static Latency measure(
      LocalPostgres postgres, String bootstrapServers, RelayUnderTest relay, int rate, int seconds)
      throws Exception {
    relay.resume();
    int perTransaction = Math.max(1, rate / 200);
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean consuming = new AtomicBoolean(true);
    Thread consumer =
        new Thread(
            () -> consume(bootstrapServers, relay.topic(), latencies, consuming),
            "latency-consumer");
    consumer.start();
    long measuredWritten = 0;
    long skipped = 0;
    try (Connection connection = relay.database().connectAsOwner(postgres)) {
      connection.setAutoCommit(false);
      StringBuilder sql =
          new StringBuilder(
              "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload,"
                  + " schema_version, aggregate_sequence, traceparent, created_at) VALUES ");
      for (int i = 0; i < perTransaction; i++) {
        sql.append(i == 0 ? "" : ", ")
            .append("(gen_random_uuid(), 'order', ?, 'OrderPlaced', '{\"orderId\": \"latency\"}',")
            .append(" 1, ?, NULL, clock_timestamp())");
      }
      PreparedStatement insert = connection.prepareStatement(sql.toString());
      PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event");
      long sequence = 1;
      long start = System.nanoTime();
      long measureFrom = start + WARM_UP.toNanos();
      long measureUntil = measureFrom + Duration.ofSeconds(seconds).toNanos();
      long due = start;
      while (due < measureUntil) {
        long now = System.nanoTime();
        if (now < due) {
          LockSupport.parkNanos(due - now);
          continue;
        }
        if (now - due > PERIOD) {
          long missed = (now - due) / PERIOD;
          skipped += missed;
          due += missed * PERIOD;
        }
        boolean measured = due >= measureFrom;
        for (int i = 0; i < perTransaction; i++) {
          insert.setString(2 * i + 1, (measured ? "m-" : "w-") + (sequence % 1000));
          insert.setLong(2 * i + 2, sequence++);
        }
        insert.execute();
        if (!relay.keepsRows()) {
          delete.execute();
        }
        connection.commit();
        if (measured) {
          measuredWritten += perTransaction;
        }
        due += PERIOD;
      }
    }
    RelayUnderTest.log("%s: %,d ticks of the writer skipped (machine busy)", relay.name(), skipped);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (latencies.size() < measuredWritten && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    consuming.set(false);
    consumer.join();
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    if (sorted.size() < measuredWritten) {
      throw new IllegalStateException(
          "received " + sorted.size() + " of " + measuredWritten + " measured events");
    }
    Latency latency =
        new Latency(
            percentile(sorted, 0.50),
            percentile(sorted, 0.99),
            sorted.get(sorted.size() - 1),
            sorted.size(),
            measuredWritten / (double) seconds);
    RelayUnderTest.log(
        "%s: latency over %,d events at %,d events/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        relay.name(), latency.samples(), rate, latency.p50Ms(), latency.p99Ms(), latency.maxMs());
    return latency;
  }

  /** The nearest-rank percentile of sorted values. */
  static double percentile(List<Double> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static void consume(
      String bootstrapServers, String topic, List<Double> latencies, AtomicBoolean consuming) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      while (consuming.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          Instant received = Instant.now();
          if (!new String(record.key(), StandardCharsets.UTF_8).startsWith("m-")) {
            continue;
          }
          Header createdAt = record.headers().lastHeader(OnceflowHeaders.CREATED_AT);
          Instant created =
              OffsetDateTime.parse(new String(createdAt.value(), StandardCharsets.UTF_8))
                  .toInstant();
          latencies.add(Duration.between(created, received).toNanos() / 1e6);
        }
      }
    }
  }
}
