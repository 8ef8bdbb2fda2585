package dev.onceflow.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.local.MetricCatalogue;
import dev.onceflow.relay.testing.RelayTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The checked-in list of exported metric names (k8s/base/monitoring/exported-metrics), which the
 * alert rules and the Grafana dashboard are validated against, is what the relay really exports.
 */
@QuarkusTest
@WithTestResource(RelayTestResource.class)
class ExportedMetricsTest {

  @Test
  void theListOfExportedMetricsIsWhatQMetricsServes() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

    assertThat(MetricCatalogue.verify("outbox-relay", metrics)).isEmpty();
  }
}
