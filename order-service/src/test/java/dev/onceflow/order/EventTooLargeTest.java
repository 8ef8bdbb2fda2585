package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.post;
import static dev.onceflow.order.OrderRequests.validBody;
import static dev.onceflow.order.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An event Kafka could never carry is refused where it is written: {@code Outbox.record} checks
 * {@code onceflow.outbox.max-payload-bytes}, the order rolls back and the client gets a 413
 * problem; an order whose event fits is placed.
 */
@QuarkusTest
@TestProfile(EventTooLargeTest.SmallEventLimit.class)
class EventTooLargeTest {

  private static final int LIMIT = 1000;

  public static class SmallEventLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "onceflow.outbox.retention",
          "1h",
          "onceflow.outbox.max-payload-bytes",
          Integer.toString(LIMIT));
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return LocalPlatform.RESOURCES;
    }
  }

  @Test
  void anOrderWhoseEventExceedsTheLimitIsRefusedAndWritesNothing() {
    String customer = newCustomer("too-large");
    String lines =
        IntStream.range(0, 40)
            .mapToObj(i -> "{\"sku\": \"SKU-" + i + "\", \"quantity\": 1, \"unitPrice\": 1.5}")
            .collect(Collectors.joining(", "));
    String body =
        "{\"customerId\": \"" + customer + "\", \"currency\": \"EUR\", \"lines\": [" + lines + "]}";

    assertProblem(post(body), 413, "event-too-large")
        .body("detail", containsString("over the limit of " + LIMIT + " bytes"));
    assertThat(OrdersDatabase.ordersOf(customer)).isZero();
    assertThat(OrdersDatabase.outboxRowsOfCustomer(customer)).isZero();

    String small = newCustomer("fits");
    post(validBody(small)).statusCode(201);
    assertThat(OrdersDatabase.outboxRowsOfCustomer(small)).isEqualTo(1);
  }
}
