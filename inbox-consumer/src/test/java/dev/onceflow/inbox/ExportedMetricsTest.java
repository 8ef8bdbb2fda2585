package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.inbox.support.OrderEventRecords;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.MetricCatalogue;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    ProducerRecord<String, byte[]> malformed =
        new ProducerRecord<>(
            newTopic("exported-metrics", 1), "o-1", "{not json".getBytes(StandardCharsets.UTF_8));
    OrderEventRecords.header(malformed, OnceflowHeaders.EVENT_ID, UUID.randomUUID().toString());
    OrderEventRecords.header(malformed, OnceflowHeaders.EVENT_TYPE, "OrderPlaced");
    OrderEventRecords.header(malformed, OnceflowHeaders.SCHEMA_VERSION, "1");
    publish(malformed);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> metrics().contains("onceflow_inbox_dead_lettered_total{"));

    assertThat(MetricCatalogue.verify("inbox-consumer", metrics())).isEmpty();
  }

  private static String metrics() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }
}
