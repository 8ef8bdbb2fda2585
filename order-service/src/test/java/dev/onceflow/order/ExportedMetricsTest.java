package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.PaymentOutcomeTest.authorization;
import static dev.onceflow.order.PaymentOutcomeTest.newTopic;
import static dev.onceflow.order.PaymentOutcomeTest.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.payment.PaymentEvents;
import dev.onceflow.local.MetricCatalogue;
import dev.onceflow.testkit.RelayedRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
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
    String topic = newTopic("exported-metrics");
    String order = place(newCustomer("exported-metrics"));
    // One processed payment event and one dead-lettered record: the inbox's counters exist only
    // once used, so the list does not depend on which tests ran before.
    publish(RelayedRecords.record(topic, authorization(order)));
    publish(RelayedRecords.unreadable(topic, order, PaymentEvents.PAYMENT_AUTHORIZED));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                metrics().contains("onceflow_inbox_dead_lettered_total{")
                    && metrics().contains("onceflow_inbox_processed_total{"));

    assertThat(MetricCatalogue.verify("order-service", metrics())).isEmpty();
  }

  private static String metrics() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }
}
