package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
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
import org.junit.jupiter.api.Test;

/**
 * The checked-in list of exported metric names (k8s/base/monitoring/exported-metrics), which the
 * alert rules and the Grafana dashboard are validated against, is what this service really exports.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class ExportedMetricsTest {

  @Test
  void theListOfExportedMetricsIsWhatQMetricsServes() {
    // The dead-letter counter exists once a first record was dead-lettered: plant one.
    publish(RelayedRecords.unreadable(newTopic("exported-metrics", 1), "o-1", "OrderPlaced"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> metrics().contains("onceflow_inbox_dead_lettered_total{"));

    assertThat(MetricCatalogue.verify("inbox-consumer", metrics())).isEmpty();
  }

  private static String metrics() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }
}
