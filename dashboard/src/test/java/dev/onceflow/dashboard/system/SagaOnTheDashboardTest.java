package dev.onceflow.dashboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.dashboard.KafkaPlatform;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One order followed through the saga on the dashboard, in a real browser: its events on two
 * topics, published by two relay shards' transactional producers, and the journal of three
 * consumers, become one journey (placed, payment authorised, confirmed, shipped, each hop with its
 * latency) and a pipeline graph in which payment-service's consumer and shard appear although the
 * dashboard was only given URLs. The events are planted on a real broker ({@link PlantedSaga}).
 */
@QuarkusTest
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "dashboard"))
@WithTestResource(SagaStandIns.class)
class SagaOnTheDashboardTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject ObjectMapper json;

  @TestHTTPResource("/")
  URL dashboard;

  @BeforeAll
  static void topics() {
    for (String topic : List.of(SagaStandIns.ORDER_TOPIC, SagaStandIns.PAYMENT_TOPIC)) {
      LocalPlatformTestResource.kafka().createTopic(topic, 2, Map.of());
    }
  }

  @Test
  void theBrowserFollowsOneOrderThroughTheSaga() throws Exception {
    Browser.requireInstalled();
    String orderId = UUID.randomUUID().toString();
    plant(orderId);

    Path profile = Files.createTempDirectory(Path.of("target"), "chromium-saga-");
    ChromeDriver browser = Browser.start(profile);
    try {
      browser.get(dashboard.toString());
      await("the page connects to the live feed")
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> "live".equals(browser.findElement(By.id("connection")).getText()));

      DashboardPage.search(browser, orderId);
      await("the order's saga reaches shipped")
          .atMost(PATIENCE)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(DashboardPage.sagaSteps(browser))
                      .containsExactly("placed", "payment authorised", "confirmed", "shipped"));
      assertThat(browser.findElement(By.cssSelector("#saga [data-field=outcome]")).getText())
          .isEqualTo("SHIPPED");
      // Each hop's latency, from the events' outbox writes and the shipment's commit.
      assertThat(DashboardPage.sagaLatencies(browser))
          .containsExactly(
              "+" + PlantedSaga.PAYMENT_WRITTEN + " ms",
              "+" + (PlantedSaga.CONFIRMATION_WRITTEN - PlantedSaga.PAYMENT_WRITTEN) + " ms",
              "+" + (PlantedSaga.SHIPPED - PlantedSaga.CONFIRMATION_WRITTEN) + " ms");
      assertThat(
              browser
                  .findElement(By.cssSelector("#saga [data-step='payment authorised']"))
                  .getText())
          .contains("by payments");

      // The graph: payment-service's consumer, its shard, and both topics, from data only.
      DashboardPage.awaitGraphNodes(
          browser,
          "service:order-service",
          "relay:" + SagaStandIns.ORDER_SHARD,
          "relay:" + SagaStandIns.PAYMENT_SHARD,
          "topic:" + SagaStandIns.ORDER_TOPIC,
          "topic:" + SagaStandIns.PAYMENT_TOPIC,
          "consumer:payments",
          "consumer:orders",
          "consumer:fulfillment");
      assertThat(
              browser
                  .findElement(By.cssSelector("#graph [data-node-id='consumer:payments']"))
                  .getText())
          .contains("payment-service");
      Files.createDirectories(Path.of("target", "screenshots"));
      Files.copy(
          browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
          Path.of("target", "screenshots", "saga.png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.quit();
    }
  }

  @Test
  void theGraphIsDerivedFromWhatTheDashboardReads() throws Exception {
    plant(UUID.randomUUID().toString());

    await("the snapshot's graph has the saga's edges")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(edges(json.readTree(RestAssured.get("/api/snapshot").asString())))
                    .contains(
                        "service:order-service -outbox-> relay:" + SagaStandIns.ORDER_SHARD,
                        "relay:"
                            + SagaStandIns.ORDER_SHARD
                            + " -publishes-> topic:"
                            + SagaStandIns.ORDER_TOPIC,
                        "topic:" + SagaStandIns.ORDER_TOPIC + " -consumes-> consumer:payments",
                        "topic:" + SagaStandIns.ORDER_TOPIC + " -consumes-> consumer:fulfillment",
                        "consumer:payments -outbox-> relay:" + SagaStandIns.PAYMENT_SHARD,
                        "relay:"
                            + SagaStandIns.PAYMENT_SHARD
                            + " -publishes-> topic:"
                            + SagaStandIns.PAYMENT_TOPIC,
                        "topic:" + SagaStandIns.PAYMENT_TOPIC + " -consumes-> consumer:orders",
                        "consumer:orders -outbox-> relay:" + SagaStandIns.ORDER_SHARD)
                    .noneMatch(e -> e.startsWith("consumer:fulfillment -")));
  }

  private void plant(String orderId) throws Exception {
    new PlantedSaga(LocalPlatformTestResource.kafka().bootstrapServers(), json)
        .publish(orderId, Instant.now().minusSeconds(1));
  }

  private static List<String> edges(JsonNode snapshot) {
    List<String> edges = new java.util.ArrayList<>();
    for (JsonNode e : snapshot.path("graph").path("edges")) {
      edges.add(
          e.path("from").asText() + " -" + e.path("kind").asText() + "-> " + e.path("to").asText());
    }
    return edges;
  }
}
