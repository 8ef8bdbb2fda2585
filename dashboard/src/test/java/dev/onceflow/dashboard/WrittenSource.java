package dev.onceflow.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A writing service's {@code GET /audit/written} over real HTTP on a free loopback port, answering
 * what the test says was written (order-service's own endpoint is tested against PostgreSQL in
 * order-service). Honours {@code from} and {@code to} as the contract says.
 */
public final class WrittenSource {

  /** One written event, as the endpoint lists it. */
  public record Written(
      String aggregateType, String aggregateId, long sequence, Instant writtenAt) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final HttpServer server;
  private final List<Written> written = new CopyOnWriteArrayList<>();

  private WrittenSource(HttpServer server) {
    this.server = server;
  }

  public static WrittenSource start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WrittenSource source = new WrittenSource(server);
      server.createContext("/audit/written", source::answer);
      server.setExecutor(null);
      server.start();
      return source;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void wrote(Written event) {
    written.add(event);
  }

  private void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    Map<String, String> query = new HashMap<>();
    for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    Instant from = Instant.parse(query.get("from"));
    Instant to = Instant.parse(query.get("to"));
    List<Written> window =
        written.stream()
            .filter(w -> !w.writtenAt().isBefore(from) && w.writtenAt().isBefore(to))
            .toList();
    byte[] body =
        JSON.writeValueAsBytes(
            Map.of("service", "test-writer", "events", window, "truncated", false));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
