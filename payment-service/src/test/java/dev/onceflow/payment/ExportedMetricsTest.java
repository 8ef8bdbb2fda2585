package dev.onceflow.payment;

import static dev.onceflow.payment.PaymentFlowTest.newTopic;
import static dev.onceflow.payment.PaymentFlowTest.placed;
import static dev.onceflow.payment.PaymentFlowTest.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.MetricCatalogue;
import dev.onceflow.testkit.RelayedRecords;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The checked-in list of exported metric names (k8s/base/monitoring/exported-metrics), which the
 * alert rules and the Grafana dashboard are validated against, is what this service really exports.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = {
      @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "payments"),
      @ResourceArg(name = LocalPlatformTestResource.REPLICATION_SLOT, value = "onceflow_outbox")
    })
class ExportedMetricsTest {

  @Test
  void theListOfExportedMetricsIsWhatQMetricsServes() {
    String topic = newTopic("exported-metrics");
    String order = "order-" + UUID.randomUUID();
    // One processed event and one dead-lettered record: their counters exist only once used.
    publish(RelayedRecords.record(topic, placed(order, "10.00")));
    publish(RelayedRecords.unreadable(topic, order, "OrderPlaced"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                metrics().contains("onceflow_inbox_dead_lettered_total{")
                    && metrics().contains("onceflow_inbox_processed_total{"));

    assertThat(MetricCatalogue.verify("payment-service", metrics())).isEmpty();
  }

  private static String metrics() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }
}
