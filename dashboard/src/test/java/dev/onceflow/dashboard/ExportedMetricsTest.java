package dev.onceflow.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.local.MetricCatalogue;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The checked-in list of exported metric names (k8s/base/monitoring/exported-metrics), which the
 * alert rules and the Grafana dashboard are validated against, is what the dashboard really
 * exports.
 */
@QuarkusTest
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = KafkaPlatform.DATABASE, value = "dashboard"))
class ExportedMetricsTest {

  @Test
  void theListOfExportedMetricsIsWhatQMetricsServes() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

    assertThat(MetricCatalogue.verify("dashboard", metrics)).isEmpty();
  }
}
