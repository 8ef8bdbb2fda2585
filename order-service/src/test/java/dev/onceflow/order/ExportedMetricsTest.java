package dev.onceflow.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.local.MetricCatalogue;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The checked-in list of exported metric names (k8s/base/monitoring/exported-metrics), which the
 * alert rules and the Grafana dashboard are validated against, is what order-service really
 * exports.
 */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class ExportedMetricsTest {

  @Test
  void theListOfExportedMetricsIsWhatQMetricsServes() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

    assertThat(MetricCatalogue.verify("order-service", metrics)).isEmpty();
  }
}
