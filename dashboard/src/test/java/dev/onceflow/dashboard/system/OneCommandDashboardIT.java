package dev.onceflow.dashboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.security.ServiceToken;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The README's promise, end to end: {@code ./onceflow up} builds what it needs and starts the whole
 * platform as separate processes; every URL answers; an order placed through the REST API is seen
 * in a real browser reaching "processed" and following the saga to "shipped"; a poison event shows
 * up under dead letters, and dead letters are replayed from the page by the logged-in admin; Ctrl-C
 * stops everything and leaves no process behind. A screenshot is kept in {@code
 * target/screenshots/}.
 */
class OneCommandDashboardIT {

  static final Path ROOT =
      Path.of(System.getProperty("onceflow.root", "..")).toAbsolutePath().normalize();
  static final Path TARGET = ROOT.resolve("dashboard/target");
  static final Duration START = Duration.ofMinutes(12); // includes a build when something is stale
  static final Duration PATIENCE = Duration.ofSeconds(90);

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final ObjectMapper json =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void oneCommandRunsThePlatformAndTheDashboardShowsEachEventsJourney() throws Exception {
    Browser.requireInstalled();
    Path run = Files.createTempDirectory(Files.createDirectories(TARGET), "onceflow-it-");
    try (Launcher launcher = new Launcher(ROOT, run.resolve("state")).start("--demo=15")) {
      await("./onceflow up prints READY")
          .atMost(START)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> launcher.ready() || !launcher.alive());
      assertThat(launcher.ready())
          .as(
              "the launcher started everything; its output:%n%s",
              String.join("\n", launcher.output))
          .isTrue();

      // Every URL it printed answers.
      assertThat(launcher.urls).containsKeys(Launcher.SERVICES.toArray(String[]::new));
      for (String service : Launcher.SERVICES) {
        String url = launcher.urls.get(service);
        assertThat(url).isEqualTo("http://127.0.0.1:" + launcher.ports.get(service));
        assertThat(get(url + "/q/health/ready").statusCode()).as(service).isEqualTo(200);
        assertListensOnLoopbackOnly(service, launcher.ports.get(service));
      }
      String dashboard = launcher.urls.get("dashboard");
      String orders = launcher.urls.get("order-service");
      assertThat(get(dashboard + "/").body()).contains("Onceflow");

      // An order through the REST API (503 until the relay's slot exists).
      String orderId = placeOrder(orders, launcher.secret(ServiceToken.ENVIRONMENT_VARIABLE));
      String kafka = "127.0.0.1:" + launcher.ports.get("kafka");
      String poisonId = UUID.randomUUID().toString();
      String replayableId = UUID.randomUUID().toString();
      PlantedDeadLetters.publish(json, kafka, poisonId, replayableId);

      ChromeDriver browser = Browser.start(run.resolve("chromium-profile"));
      try {
        browser.get(dashboard);
        await("the page connects to the live feed")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(() -> "live".equals(browser.findElement(By.id("connection")).getText()));

        // The order's event reaches "processed" in the journey view.
        DashboardPage.search(browser, orderId);
        await("the order's event is processed, with every hop")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(DashboardPage.hopsOfProcessedJourney(browser))
                        .contains(
                            "REST request", "outbox write", "published", "received", "processed"));
        assertThat(
                browser
                    .findElement(By.cssSelector("#timeline .journey [data-field='order-id']"))
                    .getText())
            .isEqualTo(orderId);

        // The whole saga, run by the real services: payment-service authorises the order (it is
        // under the limit), order-service confirms it on that outcome, fulfillment ships it; each
        // step with its latency from the previous one.
        await("the order's saga reaches shipped")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(DashboardPage.sagaSteps(browser))
                        .startsWith("placed", "payment authorised", "confirmed", "shipped"));
        assertThat(DashboardPage.sagaLatencies(browser))
            .hasSizeGreaterThanOrEqualTo(3)
            .allSatisfy(latency -> assertThat(latency).matches("\\+[0-9.,]+( ms| s| min)?"));
        // Every participant is in the graph, from data only: the consumers in the journal, the
        // shards among Kafka's transactional producers, the services by their metrics' tags.
        DashboardPage.awaitGraphNodes(
            browser,
            "service:order-service",
            "relay:orders",
            "relay:payments",
            "consumer:payments",
            "consumer:orders",
            "consumer:fulfillment",
            "topic:outbox.event.order",
            "topic:outbox.event.payment");
        // payment-service is its consumer's node: scraped, it is named there.
        await("payment-service's consumer node names the service")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(
                            browser
                                .findElement(
                                    By.cssSelector("#graph [data-node-id='consumer:payments']"))
                                .getText())
                        .contains("payment-service"));

        // Dead letters are the admin's only: the list asks for a login first. Then the poison
        // event is listed, and inbox-consumer's verdict on its replay (still malformed) is shown.
        await()
            .atMost(PATIENCE)
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(browser.findElement(By.cssSelector("#dead-letters tbody")).getText())
                        .contains("log in to see the dead letters"));
        browser.findElement(By.id("login-open")).click();
        await()
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(() -> browser.findElement(By.id("login-dialog")).isDisplayed());
        browser.findElement(By.id("login-user")).sendKeys("admin");
        browser
            .findElement(By.id("login-password"))
            .sendKeys(launcher.secret("ONCEFLOW_DASHBOARD_ADMIN_PASSWORD"));
        browser.findElement(By.id("login-submit")).click();
        await("the poison event is listed with its reason")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(DashboardPage.deadLetterRow(browser, poisonId).getText())
                        .contains("malformed-json"));
        DashboardPage.clickReplay(browser, poisonId);
        await("the poison's replay is refused by inbox-consumer and shown")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(
                () ->
                    DashboardPage.deadLetterRow(browser, poisonId)
                        .findElement(By.cssSelector(".replay-outcome .status"))
                        .getAttribute("data-status"),
                "rejected"::equals);
        assertThat(browser.findElement(By.id("toast")).getText()).contains("malformed");

        // A dead letter whose event is valid (retries ran out during an outage): replayed, applied.
        DashboardPage.clickReplay(browser, replayableId);
        await("the dead letter's replay is applied")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(
                () ->
                    DashboardPage.deadLetterRow(browser, replayableId)
                        .findElement(By.cssSelector(".replay-outcome .status"))
                        .getAttribute("data-status"),
                "applied"::equals);
        DashboardPage.search(browser, replayableId);
        await("the replayed event's journey ends processed")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(
                () ->
                    browser.findElement(
                            By.cssSelector("#timeline .journey[data-status='processed']"))
                        != null);
        await()
            .atMost(PATIENCE)
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(browser.findElement(By.id("timeline")).getText())
                        .contains("replayed from the dead letters"));

        // The screenshot for the README: the order's journey selected, the demo load flowing.
        DashboardPage.search(browser, orderId);
        await()
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(
                () ->
                    browser.findElement(
                            By.cssSelector("#timeline .journey[data-status='processed']"))
                        != null);
        await("the charts have a minute of points")
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(
                () ->
                    browser.findElements(By.cssSelector("#journeys tbody tr[data-event-id]")).size()
                        >= 10);
        Path screenshots = Files.createDirectories(TARGET.resolve("screenshots"));
        Files.copy(
            browser.getScreenshotAs(OutputType.FILE).toPath(),
            screenshots.resolve("dashboard.png"),
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        browser.quit();
      }

      // The demo load (--demo=15) placed orders with a progress line.
      assertThat(Files.readString(launcher.state.resolve("logs/demo.log")))
          .containsPattern(
              "[1-9][0-9]* placed · [0-9]+ cancelled · [0-9]+ cancelled after confirmation"
                  + " · [0-9]+ poison");

      // Ctrl-C stops everything, and nothing of this run is left.
      assertThat(launcher.descendants()).hasSizeGreaterThanOrEqualTo(6);
      int exit = launcher.interrupt(Duration.ofSeconds(90));
      assertThat(exit).isZero();
      assertThat(launcher.output).contains("stopped");
      await("no process of the run is left")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(launcher.leftovers()).isEmpty());
    }
  }

  /**
   * A local run listens on 127.0.0.1 only: the port is closed on every other address of this
   * machine (checked on each non-loopback IPv4 address it has; none, nothing to check).
   */
  private static void assertListensOnLoopbackOnly(String service, int port) throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address.isLoopbackAddress() || !(address instanceof Inet4Address)) {
          continue;
        }
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, port), 2_000);
          throw new AssertionError(
              service + " accepts connections on " + address.getHostAddress() + ":" + port);
        } catch (ConnectException expected) {
          // refused: not listening there
        }
      }
    }
  }

  private String placeOrder(String orders, String serviceToken) throws Exception {
    String body =
        "{\"customerId\":\"it-customer\",\"currency\":\"EUR\","
            + "\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":2,\"unitPrice\":12.50}]}";
    HttpResponse<String> placed =
        await("order-service accepts the order")
            .atMost(PATIENCE)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    http.send(
                        HttpRequest.newBuilder(URI.create(orders + "/orders"))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "it-" + UUID.randomUUID())
                            .header(ServiceToken.HEADER, ServiceToken.authorization(serviceToken))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()),
                r -> r.statusCode() == 201);
    String id = json.readTree(placed.body()).path("id").asText();
    assertThat(id).as("an order id in %s", placed.body()).isNotEmpty();
    return id;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
