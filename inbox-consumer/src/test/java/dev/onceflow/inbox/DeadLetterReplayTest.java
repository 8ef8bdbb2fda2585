package dev.onceflow.inbox;

import static dev.onceflow.inbox.ServiceTokens.authorized;
import static dev.onceflow.inbox.support.InboxTestSupport.id;
import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static dev.onceflow.inbox.support.InboxTestSupport.stats;
import static dev.onceflow.inbox.support.OrderEventRecords.header;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.problem.ProblemTypes;
import dev.onceflow.core.inbox.health.InboxMetrics;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A replay goes through the inbox: it applies once, then reports a duplicate. */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class DeadLetterReplayTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject InboxMetrics metrics;

  @Test
  void aReplayedDeadLetterAppliesOnceAndThenReportsDuplicate() {
    String topic = newTopic("replayed", 1);
    String customer = id("customer");
    UUID eventId = UUID.randomUUID();
    // A valid event dead-lettered earlier, e.g. after its retries ran out during an outage.
    ProducerRecord<String, byte[]> original =
        record(topic, eventId, placed(id("order"), customer, "9.99"));
    ProducerRecord<String, byte[]> deadLetter =
        new ProducerRecord<>(
            OnceflowTopics.DEAD_LETTERS,
            null,
            original.key(),
            original.value(),
            original.headers());
    header(deadLetter, OnceflowHeaders.DLQ_REASON, "retries-exhausted: database unreachable");
    header(deadLetter, OnceflowHeaders.DLQ_EXCEPTION, "java.net.ConnectException");
    header(deadLetter, OnceflowHeaders.DLQ_TOPIC, topic);
    header(deadLetter, OnceflowHeaders.DLQ_PARTITION, "0");
    header(deadLetter, OnceflowHeaders.DLQ_OFFSET, "0");
    header(deadLetter, OnceflowHeaders.DLQ_CONSUMER, "fulfillment");
    // Published twice, as an at-least-once dead-lettering may: listed once.
    publish(deadLetter, deadLetter);

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(PoisonMessageTest.deadLettersOf(topic)).hasSize(1));
    JsonPath listed = PoisonMessageTest.deadLettersOf(topic).get(0);
    assertThat(listed.getString("reason")).isEqualTo("retries-exhausted");
    assertThat(listed.getString("detail")).isEqualTo("database unreachable");
    assertThat(listed.getString("eventId")).isEqualTo(eventId.toString());
    long id = listed.getLong("id");

    // Without the service token nothing is replayed.
    given()
        .post("/dead-letters/{id}/replay", id)
        .then()
        .statusCode(401)
        .contentType(ProblemTypes.MEDIA_TYPE);
    stats(customer).statusCode(404);

    authorized()
        .post("/dead-letters/{id}/replay", id)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("applied"))
        .body("eventId", equalTo(eventId.toString()));
    stats(customer).statusCode(200).body("ordersPlaced", equalTo(1));

    authorized()
        .post("/dead-letters/{id}/replay", id)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("duplicate"));
    stats(customer).body("ordersPlaced", equalTo(1));

    // The original finally arriving through Kafka is a duplicate too.
    double duplicatesBefore = metrics.duplicatesCount();
    publish(original);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(metrics.duplicatesCount()).isGreaterThanOrEqualTo(duplicatesBefore + 1));
    stats(customer).body("ordersPlaced", equalTo(1));
    assertThat(PoisonMessageTest.deadLettersOf(topic).get(0).getString("replayOutcome"))
        .isEqualTo("duplicate");
  }
}
