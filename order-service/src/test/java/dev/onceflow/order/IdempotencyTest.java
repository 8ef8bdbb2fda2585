package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.post;
import static dev.onceflow.order.OrderRequests.validBody;
import static dev.onceflow.order.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.order.domain.IdempotencyKeyPurge;
import dev.onceflow.order.rest.OrderResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RetainedOutbox.class)
class IdempotencyTest {

  private static final int RACERS = 8;

  @TestHTTPResource("/orders")
  URI orders;

  @Inject IdempotencyKeyPurge purge;

  @Test
  void sameKeyAndBodyReturnTheFirstOrderWithoutWritingAgain() {
    String customer = newCustomer("retry");
    String key = UUID.randomUUID().toString();

    ExtractableResponse<Response> first = post(validBody(customer), key).statusCode(201).extract();
    ExtractableResponse<Response> second = post(validBody(customer), key).statusCode(200).extract();

    assertThat(body(second)).isEqualTo(body(first));
    assertThat(second.header("Location")).isEqualTo(first.header("Location"));
    String orderId = first.path("id");
    assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(1);
    assertThat(OrdersDatabase.outboxRowsOf(orderId)).hasSize(1);
  }

  @Test
  void theSamePriceWrittenDifferentlyIsTheSameRequest() {
    String customer = newCustomer("retry-format");
    String key = UUID.randomUUID().toString();
    String first = post(validBody(customer), key).statusCode(201).extract().path("id");

    String reformatted =
        """
        {"lines": [{"unitPrice": 10.50, "quantity": 2, "sku": "SKU-1"},
                   {"sku": "SKU-2", "quantity": 1, "unitPrice": 4.99}],
         "currency": "EUR", "customerId": "%s"}
        """
            .formatted(customer);
    String second = post(reformatted, key).statusCode(200).extract().path("id");

    assertThat(second).isEqualTo(first);
  }

  @Test
  void sameKeyWithADifferentBodyIsRefusedAndWritesNothing() {
    String customer = newCustomer("reuse");
    String key = UUID.randomUUID().toString();
    String orderId = post(validBody(customer), key).statusCode(201).extract().path("id");

    String otherOrder = validBody(customer).replace("\"quantity\": 2", "\"quantity\": 3");
    assertProblem(
        post(otherOrder, key), 422, "idempotency-key-reused", OrderResource.IDEMPOTENCY_KEY);

    assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(1);
    assertThat(OrdersDatabase.outboxRowsOf(orderId)).hasSize(1);
  }

  @Test
  void differentKeysPlaceDifferentOrders() {
    String customer = newCustomer("two-keys");
    String first =
        post(validBody(customer), UUID.randomUUID().toString())
            .statusCode(201)
            .extract()
            .path("id");
    String second =
        post(validBody(customer), UUID.randomUUID().toString())
            .statusCode(201)
            .extract()
            .path("id");

    assertThat(second).isNotEqualTo(first);
    assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(2);
  }

  @Test
  void concurrentRequestsWithOneKeyPlaceExactlyOneOrder() throws Exception {
    String customer = newCustomer("race");
    String key = UUID.randomUUID().toString();
    HttpRequest request =
        HttpRequest.newBuilder(orders)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header(OrderResource.IDEMPOTENCY_KEY, key)
            .header(ServiceToken.HEADER, ServiceToken.authorization(ServiceTokens.token()))
            .POST(HttpRequest.BodyPublishers.ofString(validBody(customer)))
            .build();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService racers = Executors.newFixedThreadPool(RACERS);
    List<HttpResponse<String>> responses = new ArrayList<>();
    try {
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        sent.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                racers));
      }
      start.countDown();
      for (CompletableFuture<HttpResponse<String>> response : sent) {
        responses.add(response.get(60, TimeUnit.SECONDS));
      }
    } finally {
      racers.shutdownNow();
    }

    assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 201);
    assertThat(responses).filteredOn(response -> response.statusCode() == 201).hasSize(1);
    assertThat(responses.stream().map(response -> orderId(response.body())).distinct()).hasSize(1);
    String orderId = orderId(responses.get(0).body());
    assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(1);
    assertThat(OrdersDatabase.outboxRowsOf(orderId)).hasSize(1);
    assertThat(
            OrdersDatabase.number(
                "SELECT count(*) FROM order_idempotency_key WHERE idempotency_key = ?", key))
        .isEqualTo(1);
  }

  @Test
  void twoCustomersWithTheSameKeyGetTwoOrders() {
    String key = UUID.randomUUID().toString();
    String alice = newCustomer("scope-a");
    String bob = newCustomer("scope-b");

    String aliceOrder = post(validBody(alice), key).statusCode(201).extract().path("id");
    String bobOrder = post(validBody(bob), key).statusCode(201).extract().path("id");

    assertThat(bobOrder).isNotEqualTo(aliceOrder);
    // Each customer's retry still gets its own order back.
    assertThat((String) post(validBody(alice), key).statusCode(200).extract().path("id"))
        .isEqualTo(aliceOrder);
    assertThat((String) post(validBody(bob), key).statusCode(200).extract().path("id"))
        .isEqualTo(bobOrder);
  }

  @Test
  void anExpiredKeyPlacesANewOrder() {
    String customer = newCustomer("expired");
    String key = UUID.randomUUID().toString();
    String first = post(validBody(customer), key).statusCode(201).extract().path("id");
    String otherOrder = validBody(customer).replace("\"quantity\": 2", "\"quantity\": 3");
    assertProblem(
        post(otherOrder, key), 422, "idempotency-key-reused", OrderResource.IDEMPOTENCY_KEY);

    // The key's window (24 h by default) has passed: as if it were claimed a minute too early.
    ageKey(customer, key, Duration.ofHours(24).plusMinutes(1));

    String second = post(otherOrder, key).statusCode(201).extract().path("id");
    assertThat(second).isNotEqualTo(first);
    assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(2);
    // The key now protects the new order.
    assertThat((String) post(otherOrder, key).statusCode(200).extract().path("id"))
        .isEqualTo(second);
  }

  @Test
  void aKeyStillInItsWindowIsNotExpired() {
    String customer = newCustomer("not-expired");
    String key = UUID.randomUUID().toString();
    String first = post(validBody(customer), key).statusCode(201).extract().path("id");
    ageKey(customer, key, Duration.ofHours(23).plusMinutes(59));
    assertThat((String) post(validBody(customer), key).statusCode(200).extract().path("id"))
        .isEqualTo(first);
  }

  @Test
  void thePurgeDeletesExpiredKeysOnly() {
    String customer = newCustomer("purge");
    String expired = UUID.randomUUID().toString();
    String live = UUID.randomUUID().toString();
    post(validBody(customer), expired).statusCode(201);
    post(validBody(customer), live).statusCode(201);
    ageKey(customer, expired, Duration.ofHours(25));

    while (purge.purgeBatch() > 0) {
      // other tests' expired keys go too
    }

    assertThat(keysOf(customer)).isEqualTo(1);
    assertThat(
            OrdersDatabase.number(
                "SELECT count(*) FROM order_idempotency_key WHERE customer_id = ? AND"
                    + " idempotency_key = ?",
                customer,
                live))
        .isEqualTo(1);
  }

  private static void ageKey(String customer, String key, Duration age) {
    OrdersDatabase.execute(
        "UPDATE order_idempotency_key SET created_at = now() - interval '"
            + age.toSeconds()
            + " seconds' WHERE customer_id = '"
            + customer
            + "' AND idempotency_key = '"
            + key
            + "'");
  }

  private static long keysOf(String customer) {
    return OrdersDatabase.number(
        "SELECT count(*) FROM order_idempotency_key WHERE customer_id = ?", customer);
  }

  private static Map<String, Object> body(ExtractableResponse<Response> response) {
    return OrderRequests.json(response).getMap("");
  }

  private static String orderId(String json) {
    return io.restassured.path.json.JsonPath.from(json).getString("id");
  }
}
