package dev.onceflow.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Takes inbox-consumer's place for tests of what the dashboard <em>sends</em> to it: answers its
 * dead-letter list and replay with fixed bodies and records each request's method, path and {@code
 * Authorization} header, readable at {@code GET /seen} (one line per request). It checks nothing
 * itself: inbox-consumer's own tests own its side of the contract.
 */
public class InboxConsumerStandIn implements QuarkusTestResourceLifecycleManager {

  /** The replay this stand-in refuses as inbox-consumer refuses a wrong service token. */
  public static final String REFUSED_REPLAY = "/dead-letters/401/replay";

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/dead-letters", this::deadLetters);
    server.createContext(
        "/seen", exchange -> answer(exchange, 200, "text/plain", String.join("\n", seen)));
    server.start();
    return Map.of(
        "onceflow.dashboard.inbox-consumer-url",
        "http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void deadLetters(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    seen.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getPath()
            + " "
            + (authorization == null ? "-" : authorization));
    boolean replay = exchange.getRequestURI().getPath().endsWith("/replay");
    if (exchange.getRequestURI().getPath().equals(REFUSED_REPLAY)) {
      // As inbox-consumer answers a token it does not expect.
      answer(
          exchange,
          401,
          "application/problem+json",
          "{\"type\":\"https://onceflow.dev/problems/service-token-required\",\"status\":401}");
      return;
    }
    answer(
        exchange,
        200,
        "application/json",
        replay ? "{\"outcome\":\"applied\"}" : "{\"items\":[],\"total\":0}");
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
