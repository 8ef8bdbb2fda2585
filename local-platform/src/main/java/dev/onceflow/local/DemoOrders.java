package dev.onceflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onceflow.contract.security.ServiceToken;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's calls to order-service's REST API, all asynchronous and all with the service token:
 * place an order, read its status, cancel it.
 */
final class DemoOrders {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every {@value}th order is above payment-service's default limit (1,000.00) and is declined. */
  static final int DECLINED_EVERY = 8;

  private final URI orders;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  DemoOrders(URI orders, String serviceToken) {
    this.orders = orders;
    this.authorization = ServiceToken.authorization(serviceToken);
  }

  URI uri() {
    return orders;
  }

  /** Whether the {@code n}th order is above the payment limit, hence declined and rejected. */
  static boolean declined(long n) {
    return n % DECLINED_EVERY == DECLINED_EVERY - 1;
  }

  /** The body placing the {@code n}th order (100 books when {@link #declined}). */
  static String placement(long n) {
    ObjectNode body = JSON.createObjectNode();
    body.put("customerId", "demo-c-" + (n % 97));
    body.put("currency", "EUR");
    ObjectNode line = body.putArray("lines").addObject();
    line.put("sku", "BOOK-" + (n % 13));
    line.put("quantity", declined(n) ? 100 : 1 + n % 3);
    line.put("unitPrice", new BigDecimal("12.50"));
    return body.toString();
  }

  CompletableFuture<HttpResponse<String>> place(long n) {
    return http.sendAsync(
        request("/orders")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "demo-" + UUID.randomUUID())
            .POST(HttpRequest.BodyPublishers.ofString(placement(n)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET of the order: its answer's {@code status} is read by {@link #field}. */
  CompletableFuture<HttpResponse<String>> get(String orderId) {
    return http.sendAsync(
        request("/orders/" + orderId).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Cancels the order: 200, or 409 once it can no longer be cancelled (rejected, cancelled). */
  CompletableFuture<HttpResponse<Void>> cancel(String orderId, String reason) {
    ObjectNode body = JSON.createObjectNode().put("reason", reason);
    return http.sendAsync(
        request("/orders/" + orderId + "/cancel")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** A text field of order-service's JSON answer ({@code id}, {@code status}), if there. */
  static Optional<String> field(String body, String name) {
    try {
      JsonNode value = JSON.readTree(body).get(name);
      return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(orders.resolve(path))
        .timeout(Duration.ofSeconds(10))
        .header(ServiceToken.HEADER, authorization);
  }
}
