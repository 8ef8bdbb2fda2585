package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.InboxTestSupport.id;
import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static dev.onceflow.inbox.support.InboxTestSupport.shipment;
import static dev.onceflow.inbox.support.InboxTestSupport.stats;
import static dev.onceflow.inbox.support.OrderEventRecords.cancelled;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.core.inbox.fault.ProcessingFailed;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A failure only the database detects, and that no retry can cure (a cancellation reason longer
 * than its column): the event alone is dead-lettered as {@code processing-failed}; its batch
 * neighbours, the same order's earlier event included, are applied.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class DeterministicFailureTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void onlyTheEventThatFailsOnItsOwnIsDeadLettered() {
    String topic = newTopic("deterministic", 1);
    String customer = id("customer");
    String first = id("order");
    String second = id("order");
    UUID badCancel = UUID.randomUUID();
    OrderCancelled tooLong =
        new OrderCancelled(
            first, customer, "x".repeat(1001), Instant.parse("2026-11-27T11:00:00Z"), 2);
    publish(
        List.of(
            record(topic, placed(first, customer, "3.00")),
            record(topic, placed(second, customer, "4.00")),
            record(topic, badCancel, tooLong),
            record(topic, cancelled(second, customer))));

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(PoisonMessageTest.deadLettersOf(topic)).hasSize(1));
    JsonPath deadLetter = PoisonMessageTest.deadLettersOf(topic).get(0);
    assertThat(deadLetter.getString("reason")).isEqualTo(ProcessingFailed.REASON);
    assertThat(deadLetter.getString("eventId")).isEqualTo(badCancel.toString());
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                stats(customer)
                    .statusCode(200)
                    .body("ordersPlaced", equalTo(2))
                    .body("ordersCancelled", equalTo(1)));
    shipment(first).statusCode(200).body("status", equalTo("PENDING"));
    shipment(second).statusCode(200).body("status", equalTo("CANCELLED"));
  }
}
