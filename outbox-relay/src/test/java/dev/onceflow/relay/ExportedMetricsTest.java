package dev.onceflow.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.local.MetricCatalogue;
import dev.onceflow.relay.testing.RelayTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The checked-in list of exported metric names (k8s/base/monitoring/exported-metrics), which the
 * alert rules and the Grafana dashboard are validated against, is what the relay really exports.
 */
@QuarkusTest
@WithTestResource(RelayTestResource.class)
class ExportedMetricsTest {

  @Inject Relay relay;

  @Test
  void theListOfExportedMetricsIsWhatQMetricsServes() {
    // The relay registers its meters when it first reports a state; an active relay has done so.
    await("relay active")
        .atMost(Duration.ofSeconds(60))
        .until(() -> relay.state() == RelayState.ACTIVE);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

    assertThat(MetricCatalogue.verify("outbox-relay", metrics)).isEmpty();
  }
}
