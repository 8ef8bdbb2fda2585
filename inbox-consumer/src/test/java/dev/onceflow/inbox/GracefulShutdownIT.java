package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.inbox.support.ConsumerProcess;
import dev.onceflow.inbox.support.SystemTestPlatform;
import dev.onceflow.testkit.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged consumer stopped gracefully (SIGTERM, as a rolling update does) in the middle of a
 * backlog, then a new instance finishes it. A batch in flight while the application shuts down
 * fails against a closing persistence unit: that is the shutdown, not the event, so it must be
 * redelivered, never dead-lettered. Every event has exactly one effect and none is given up.
 */
class GracefulShutdownIT {

  static final int BACKLOG = 4000;

  @Test
  void aBatchInFlightAtShutdownIsRedeliveredNotDeadLettered() {
    SystemTestPlatform platform = SystemTestPlatform.create("graceful", 2);
    List<ProducerRecord<String, byte[]>> backlog = new ArrayList<>();
    for (int i = 0; i < BACKLOG; i++) {
      backlog.add(record(platform.topic, placed("order-" + i, "customer-" + i % 7, "1.00")));
    }
    KafkaTestClient.publish(SystemTestPlatform.bootstrapServers(), backlog);
    var properties = platform.properties();
    properties.put("onceflow.inbox.batch-size", "20");

    try (ConsumerProcess first =
        ConsumerProcess.start("graceful-first", platform.environment(), properties)) {
      first.awaitReady();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> platform.queryLong("SELECT count(*) FROM inbox_event") > BACKLOG / 10);
      // close() is SIGTERM: Quarkus shuts down while the consumer is mid-backlog.
    }
    long afterStop = platform.queryLong("SELECT count(*) FROM inbox_event");
    assertThat(afterStop).as("the first instance stopped before the end").isLessThan(BACKLOG);

    try (ConsumerProcess second =
        ConsumerProcess.start("graceful-second", platform.environment(), properties)) {
      second.awaitReady();
      // The group's committed offsets reach the end: nothing is left to deliver. An event the
      // first instance dead-lettered at shutdown would be behind them, without its effect.
      await()
          .atMost(Duration.ofSeconds(180))
          .until(
              () ->
                  platform.committedOffsets().values().stream().mapToLong(o -> o.offset()).sum()
                      >= BACKLOG);
    }
    assertThat(platform.queryLong("SELECT count(*) FROM shipment"))
        .as("one effect per event: none dead-lettered at shutdown, none applied twice")
        .isEqualTo(BACKLOG);
    assertThat(platform.queryLong("SELECT sum(orders_placed) FROM customer_stats"))
        .isEqualTo(BACKLOG);
  }
}
