package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's cancel-after-confirmation against a small real HTTP server playing order-service: the
 * statuses it answers in turn, the cancels it receives.
 */
class CancelAfterConfirmationTest {

  static final String TOKEN = "test-service-token-guards-nothing";

  HttpServer server;
  final Deque<String> statuses = new ArrayDeque<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile int cancelStatus = 200;
  final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  final DemoTally tally = new DemoTally();

  @BeforeEach
  void orderService() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/orders/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    timer.shutdownNow();
    server.stop(0);
  }

  @Test
  void anOrderIsCancelledOnceItShowsConfirmed() {
    statuses.addAll(List.of("PLACED", "PLACED", "CONFIRMED"));

    assertThat(watcher(Duration.ofSeconds(10), 4).watch("o-1")).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(() -> tally.cancelledAfterConfirmation.get() == 1);
    assertThat(requests)
        .containsExactly(
            "GET /orders/o-1",
            "GET /orders/o-1",
            "GET /orders/o-1",
            "POST /orders/o-1/cancel {\"reason\":\"" + CancelAfterConfirmation.REASON + "\"}");
    assertThat(tally.notConfirmed.get()).isZero();
    assertThat(tally.failed.get()).isZero();
  }

  @Test
  void aRejectedOrderIsNotCancelled() throws InterruptedException {
    statuses.addAll(List.of("PLACED", "REJECTED"));
    CancelAfterConfirmation watcher = watcher(Duration.ofSeconds(10), 4);

    watcher.watch("o-2");

    assertThat(watcher.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(tally.notConfirmed.get()).isEqualTo(1);
    assertThat(requests).containsExactly("GET /orders/o-2", "GET /orders/o-2");
  }

  @Test
  void theWaitIsBounded() throws InterruptedException {
    CancelAfterConfirmation watcher = watcher(Duration.ofMillis(300), 4); // always PLACED

    watcher.watch("o-3");

    assertThat(watcher.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(tally.notConfirmed.get()).isEqualTo(1);
    assertThat(requests).allMatch(r -> r.startsWith("GET "));
  }

  @Test
  void aCancelRefusedAsTooLateIsCountedAsSuch() {
    statuses.add("CONFIRMED");
    cancelStatus = 409;

    watcher(Duration.ofSeconds(10), 4).watch("o-4");

    await().atMost(Duration.ofSeconds(10)).until(() -> tally.tooLate.get() == 1);
    assertThat(tally.cancelledAfterConfirmation.get()).isZero();
    assertThat(tally.failed.get()).isZero();
  }

  @Test
  void noMoreThanItsCapacityIsWatched() {
    CancelAfterConfirmation watcher = watcher(Duration.ofSeconds(10), 1);

    assertThat(watcher.watch("o-5")).isTrue();
    assertThat(watcher.watch("o-6")).isFalse();
  }

  private CancelAfterConfirmation watcher(Duration patience, int capacity) {
    DemoOrders orders =
        new DemoOrders(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), TOKEN);
    return new CancelAfterConfirmation(
        orders, timer, tally, Duration.ofMillis(20), patience, capacity);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path + (body.isEmpty() ? "" : " " + body));
    assertThat(exchange.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer " + TOKEN);
    if ("POST".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(cancelStatus, -1);
    } else {
      String status;
      synchronized (statuses) {
        status = statuses.size() > 1 ? statuses.poll() : statuses.peek();
      }
      byte[] json =
          ("{\"id\":\"x\",\"status\":\"" + (status == null ? "PLACED" : status) + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, json.length);
      exchange.getResponseBody().write(json);
    }
    exchange.close();
  }
}
