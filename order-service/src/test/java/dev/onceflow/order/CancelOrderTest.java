package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.Problems.assertProblem;
import static dev.onceflow.order.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.security.ServiceToken;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RetainedOutbox.class)
class CancelOrderTest {

  private static final int RACERS = 8;

  @TestHTTPResource("/orders")
  URI orders;

  @Test
  void cancelsAPlacedOrderWithAReason() {
    String id = place(newCustomer("cancel"));

    authorized()
        .contentType(ContentType.JSON)
        .body("{\"reason\": \"changed my mind\"}")
        .post("/orders/{id}/cancel", id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("status", equalTo("CANCELLED"))
        .body("version", equalTo(2))
        .body("cancellationReason", equalTo("changed my mind"))
        .body("cancelledAt", notNullValue());

    given().get("/orders/{id}", id).then().body("status", equalTo("CANCELLED"));
  }

  @Test
  void theBodyIsOptional() {
    String id = place(newCustomer("cancel-no-body"));

    authorized().post("/orders/{id}/cancel", id).then().statusCode(200).body("version", equalTo(2));
    String other = place(newCustomer("cancel-empty-json"));
    authorized()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/orders/{id}/cancel", other)
        .then()
        .statusCode(200);
  }

  @Test
  void cancellingTwiceConflicts() {
    String id = place(newCustomer("cancel-twice"));
    authorized().post("/orders/{id}/cancel", id).then().statusCode(200);

    assertProblem(
        authorized().post("/orders/{id}/cancel", id).then(), 409, "order-already-cancelled");
    assertThat(OrdersDatabase.outboxRowsOf(id)).hasSize(2);
  }

  @Test
  void cancellingAnUnknownOrderIsNotFound() {
    assertProblem(
        authorized().post("/orders/{id}/cancel", UUID.randomUUID()).then(), 404, "order-not-found");
    assertProblem(authorized().post("/orders/{id}/cancel", "nope").then(), 404, "order-not-found");
  }

  @Test
  void refusesAnInvalidReason() {
    String id = place(newCustomer("cancel-reason"));
    assertProblem(
        authorized()
            .contentType(ContentType.JSON)
            .body("{\"reason\": \"" + "r".repeat(501) + "\"}")
            .post("/orders/{id}/cancel", id)
            .then(),
        400,
        "invalid-request",
        "reason");
    assertProblem(
        authorized()
            .contentType(ContentType.JSON)
            .body("{\"why\": \"x\"}")
            .post("/orders/{id}/cancel", id)
            .then(),
        400,
        "invalid-request",
        "why");
    given().get("/orders/{id}", id).then().body("status", equalTo("PLACED"));
  }

  @Test
  void concurrentCancellationsEmitExactlyOneEvent() throws Exception {
    String id = place(newCustomer("cancel-race"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(orders + "/" + id + "/cancel"))
            .timeout(Duration.ofSeconds(30))
            .header(ServiceToken.HEADER, ServiceToken.authorization(ServiceTokens.token()))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService racers = Executors.newFixedThreadPool(RACERS);
    List<Integer> statuses = new ArrayList<>();
    try {
      List<CompletableFuture<Integer>> sent = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        sent.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                    return client
                        .send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                racers));
      }
      start.countDown();
      for (CompletableFuture<Integer> status : sent) {
        statuses.add(status.get(60, TimeUnit.SECONDS));
      }
    } finally {
      racers.shutdownNow();
    }

    assertThat(statuses).containsOnly(200, 409);
    assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
    assertThat(OrdersDatabase.outboxRowsOf(id))
        .extracting(row -> row.get("type"))
        .containsExactly(OrderEvents.ORDER_PLACED, OrderEvents.ORDER_CANCELLED);
  }
}
