package dev.onceflow.dashboard.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.RelayShard;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The saga's five processes as the dashboard scrapes them: each answers {@code /q/health} UP and
 * {@code /q/metrics} with the series and tags the real one registers (an outbox's {@code
 * aggregate}, a relay's {@code shard}, an inbox's {@code consumer}), nothing else. The dashboard is
 * told their URLs only; what each one is, it must read from those metrics. Names carry this test's
 * own suffix, so its topics and transactional ids are its own.
 */
public class SagaStandIns implements QuarkusTestResourceLifecycleManager {

  static final String ORDER_AGGREGATE = "sagaorder";
  static final String PAYMENT_AGGREGATE = "sagapayment";
  static final String ORDER_TOPIC = OnceflowTopics.eventTopic(ORDER_AGGREGATE);
  static final String PAYMENT_TOPIC = OnceflowTopics.eventTopic(PAYMENT_AGGREGATE);
  static final String ORDER_SHARD = "sagaorders";
  static final String PAYMENT_SHARD = "sagapayments";

  /** The relays' transactional ids, as the relay names them after its shard. */
  static final String ORDER_RELAY_TRANSACTIONAL_ID = RelayShard.transactionalId(ORDER_SHARD);

  static final String PAYMENT_RELAY_TRANSACTIONAL_ID = RelayShard.transactionalId(PAYMENT_SHARD);

  private final List<HttpServer> servers = new ArrayList<>();

  @Override
  public Map<String, String> start() {
    String orderService =
        serve(
            "onceflow_outbox_events_written_total{aggregate=\""
                + ORDER_AGGREGATE
                + "\",type=\"OrderPlaced\"} 1.0\n"
                + "onceflow_inbox_processed_total{consumer=\"orders\"} 1.0\n");
    String relay = serve(relay(ORDER_SHARD));
    String inboxConsumer = serve("onceflow_inbox_processed_total{consumer=\"fulfillment\"} 2.0\n");
    String paymentService = serve("onceflow_inbox_processed_total{consumer=\"payments\"} 2.0\n");
    String paymentRelay = serve(relay(PAYMENT_SHARD));
    return Map.of(
        "onceflow.dashboard.order-service-url", orderService,
        "onceflow.dashboard.relay-url", relay,
        "onceflow.dashboard.inbox-consumer-url", inboxConsumer,
        "onceflow.dashboard.scrape-targets",
            "payment-service=" + paymentService + ",outbox-relay-payments=" + paymentRelay);
  }

  private static String relay(String shard) {
    return "onceflow_relay_events_published_total{delivery=\"exactly-once\",shard=\""
        + shard
        + "\"} 2.0\n"
        + "onceflow_relay_active{delivery=\"exactly-once\",shard=\""
        + shard
        + "\"} 1.0\n";
  }

  private String serve(String metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext(
        "/q/health",
        exchange -> answer(exchange, "application/json", "{\"status\":\"UP\",\"checks\":[]}"));
    server.createContext("/q/metrics", exchange -> answer(exchange, "text/plain", metrics));
    server.createContext(
        "/dead-letters",
        exchange -> answer(exchange, "application/json", "{\"items\":[],\"total\":0}"));
    server.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void stop() {
    servers.forEach(s -> s.stop(0));
  }
}
