package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.InboxTestSupport.id;
import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static dev.onceflow.inbox.support.InboxTestSupport.stats;
import static dev.onceflow.inbox.support.OrderEventRecords.cancelled;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.core.inbox.health.InboxMetrics;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.LocalPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The database goes away for about ten seconds: batches are retried, nothing is lost. */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class DatabaseOutageTest {

  @Inject MeterRegistry registry;

  @Test
  void eventsPublishedWhileTheDatabaseIsDownAreAllAppliedOnceItIsBack() {
    String topic = newTopic("outage", 2);
    String customer = id("customer");
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String order = id("order");
      orders.add(order);
      records.add(record(topic, placed(order, customer, "2.50")));
    }
    for (int i = 0; i < 10; i++) {
      records.add(record(topic, cancelled(orders.get(i), customer)));
    }
    double retriedBefore = retried();
    LocalPostgres postgres = LocalPlatformTestResource.postgres();

    postgres.stop();
    try {
      publish(records);
      // Backoff doubles from 250 ms to 2 s (test profile): five failed attempts take about ten
      // seconds.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> retried() >= retriedBefore + 5);
    } finally {
      postgres.start();
    }

    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () ->
                stats(customer)
                    .statusCode(200)
                    .body("ordersPlaced", equalTo(40))
                    .body("ordersCancelled", equalTo(10))
                    .body("totalAmount", comparesEqualTo(100.0f)));
  }

  private double retried() {
    return registry.find(InboxMetrics.RETRIED).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
