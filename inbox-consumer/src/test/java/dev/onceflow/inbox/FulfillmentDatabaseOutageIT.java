package dev.onceflow.inbox;

import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_DEAD_LETTERED;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_PROCESSED;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_RETRIED;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_RETRYING;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_TRANSIENT_FAILURES;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.GAUGE;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.TIMER;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;
import static dev.onceflow.inbox.support.OrderEventRecords.cancelled;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.core.inbox.health.ConsumerRetryingCheck;
import dev.onceflow.inbox.support.ConsumerProcess;
import dev.onceflow.inbox.support.SystemTestPlatform;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.testkit.KafkaTestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The fulfillment database is stopped for longer than the old retry budget while order events keep
 * arriving, then started again: nothing is dead-lettered, every event is applied exactly once, and
 * the stall was visible (readiness check and gauges) during the outage and cleared after it.
 *
 * <p>The budget that used to dead-letter a batch ({@code retry.max-attempts}, default 12) ran out
 * after about 30 s with this test's backoff (100 ms doubling to 1 s) and pool timeout (2 s). The
 * outage lasts until one batch has failed more often than that budget allowed (the transient
 * failure gauge above {@value #OLD_BUDGET}), however long that takes on the machine: a fixed 45 s
 * used to stand for it. The database is a PostgreSQL of this test's own, so stopping it stops no
 * other test's.
 */
class FulfillmentDatabaseOutageIT {

  /** The attempts a batch used to get before it was dead-lettered. */
  private static final int OLD_BUDGET = 12;

  private static final Duration OUTAGE_BOUND = Duration.ofMinutes(3);
  private static final String CUSTOMER = "customer-outage";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anOutageLongerThanAnyRetryBudgetDeadLettersNothingAndAppliesEverythingOnce()
      throws Exception {
    try (LocalPostgres postgres = LocalPostgres.builder().build().start()) {
      SystemTestPlatform platform = SystemTestPlatform.create("dboutage", 2, postgres);
      Map<String, String> properties = platform.properties();
      properties.put("onceflow.inbox.retry.initial-backoff", "100ms");
      properties.put("onceflow.inbox.retry.max-backoff", "1s");
      properties.put("onceflow.inbox.health.retrying-threshold", "2s");
      properties.put("quarkus.datasource.jdbc.acquisition-timeout", "2s");

      try (ConsumerProcess consumer =
              ConsumerProcess.start("dboutage", platform.environment(), properties);
          SteadyStream stream = new SteadyStream(platform.topic)) {
        consumer.awaitReady();
        stream.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> consumer.metric(prometheus(INBOX_PROCESSED, COUNTER)) >= 10);

        postgres.stop();
        try {
          // The stall shows while the consumer retries: readiness DOWN, both gauges up.
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> "DOWN".equals(retryingCheck(consumer)));
          assertThat(consumer.metric(prometheus(INBOX_TRANSIENT_FAILURES, GAUGE))).isPositive();
          assertThat(consumer.metric(prometheus(INBOX_RETRYING, TIMER))).isPositive();
          // Keep the database down past the old budget, events still arriving, nothing given up.
          await()
              .atMost(OUTAGE_BOUND)
              .pollInterval(Duration.ofSeconds(1))
              .until(
                  () -> {
                    assertThat(consumer.metric(prometheus(INBOX_DEAD_LETTERED, COUNTER)))
                        .as("dead letters during the outage")
                        .isZero();
                    return consumer.metric(prometheus(INBOX_TRANSIENT_FAILURES, GAUGE))
                        > OLD_BUDGET;
                  });
          assertThat("DOWN").isEqualTo(retryingCheck(consumer));
        } finally {
          postgres.start();
        }

        // Catch up, with the stream still running for a while, then stop it and drain.
        await().atMost(Duration.ofSeconds(90)).until(() -> "UP".equals(retryingCheck(consumer)));
        int processedAtRecovery = (int) consumer.metric(prometheus(INBOX_PROCESSED, COUNTER));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> consumer.metric(prometheus(INBOX_PROCESSED, COUNTER)) > processedAtRecovery);
        stream.close();
        int placed = stream.placed.get();
        int cancelledCount = stream.cancelled.get();
        assertThat(placed).as("orders published").isGreaterThan(50);

        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    platform.queryLong(
                            "SELECT count(*) FROM inbox_event WHERE processed_at IS NOT NULL")
                        == placed + cancelledCount);
        assertThat(platform.queryLong("SELECT count(*) FROM shipment")).isEqualTo(placed);
        assertThat(platform.queryLong("SELECT count(*) FROM shipment WHERE status = 'CANCELLED'"))
            .isEqualTo(cancelledCount);
        assertThat(
                platform.queryLong(
                    "SELECT orders_placed FROM customer_stats WHERE customer_id = ?", CUSTOMER))
            .as("each OrderPlaced counted exactly once")
            .isEqualTo(placed);
        assertThat(
                platform.queryLong(
                    "SELECT orders_cancelled FROM customer_stats WHERE customer_id = ?", CUSTOMER))
            .as("each OrderCancelled counted exactly once")
            .isEqualTo(cancelledCount);
        assertThat(consumer.metric(prometheus(INBOX_PROCESSED, COUNTER)))
            .isEqualTo(placed + cancelledCount);
        assertThat(consumer.metric(prometheus(INBOX_DEAD_LETTERED, COUNTER))).isZero();
        assertThat(platform.queryLong("SELECT count(*) FROM inbox_dead_letter")).isZero();
        assertThat(consumer.metric(prometheus(INBOX_RETRIED, COUNTER)))
            .as("the old budget was 12 attempts per batch")
            .isGreaterThan(OLD_BUDGET);
        assertThat(consumer.metric(prometheus(INBOX_TRANSIENT_FAILURES, GAUGE))).isZero();
        assertThat(consumer.metric(prometheus(INBOX_RETRYING, TIMER))).isZero();
        assertThat(retryingCheck(consumer)).isEqualTo("UP");
      }
    }
  }

  /** The status of the retrying readiness check, or {@code null} if unreadable. */
  private static String retryingCheck(ConsumerProcess consumer) {
    try {
      JsonNode health = JSON.readTree(consumer.get("/q/health/ready").body());
      for (JsonNode check : health.path("checks")) {
        if (ConsumerRetryingCheck.NAME.equals(check.path("name").asText())) {
          return check.path("status").asText();
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Publishes one new order every 100 ms, and cancels every other order in the same send (same key,
   * so it follows its placement), until closed.
   */
  private static final class SteadyStream implements AutoCloseable {
    final AtomicInteger placed = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
    private final String topic;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    SteadyStream(String topic) {
      this.topic = topic;
    }

    void start() {
      scheduler.scheduleWithFixedDelay(this::publishOne, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void publishOne() {
      int n = placed.get();
      String order = "order-" + n;
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      records.add(record(topic, placed(order, CUSTOMER, "1.00")));
      boolean cancel = n % 2 == 1;
      if (cancel) {
        records.add(record(topic, cancelled(order, CUSTOMER)));
      }
      KafkaTestClient.publish(SystemTestPlatform.bootstrapServers(), records);
      placed.incrementAndGet();
      if (cancel) {
        cancelled.incrementAndGet();
      }
    }

    @Override
    public void close() throws InterruptedException {
      scheduler.shutdown();
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the publisher did not stop");
      }
    }
  }
}
