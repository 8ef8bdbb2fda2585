package dev.onceflow.inbox;

import static dev.onceflow.inbox.ServiceTokens.authorized;
import static dev.onceflow.inbox.support.InboxTestSupport.id;
import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static dev.onceflow.inbox.support.InboxTestSupport.shipment;
import static dev.onceflow.inbox.support.InboxTestSupport.stats;
import static dev.onceflow.inbox.support.OrderEventRecords.confirmed;
import static dev.onceflow.inbox.support.OrderEventRecords.header;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.core.inbox.deadletter.ParkedEvents;
import dev.onceflow.core.inbox.dedupe.DedupeWindowPruning;
import dev.onceflow.core.inbox.fault.ProcessingFailed;
import dev.onceflow.core.inbox.health.InboxMetrics;
import dev.onceflow.inbox.support.OrderEventRecords;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.MutableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An order's first event is dead-lettered; its later events arrive and are parked behind it. The
 * parked listing says what they wait for, pruning the dedupe window keeps their inbox entries
 * however old, and replaying the dead letter applies it and releases them in order.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class ParkedBehindDeadLetterTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject MutableClock clock;
  @Inject DedupeWindowPruning pruning;
  @Inject InboxMetrics metrics;
  @Inject EntityManager entityManager;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void parkedSuccessorsNameTheirDeadLetteredPredecessorSurvivePruningAndFollowItsReplay() {
    String topic = newTopic("parked-behind-dead-letter", 1);
    String order = id("order");
    String customer = id("customer");
    UUID placedId = UUID.randomUUID();
    UUID secondId = UUID.randomUUID();
    UUID thirdId = UUID.randomUUID();
    ProducerRecord<String, byte[]> placed =
        record(topic, placedId, placed(order, customer, "5.00"));
    publish(deadLetterOf(placed, topic));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(PoisonMessageTest.deadLettersOf(topic)).hasSize(1));
    long deadLetterId = PoisonMessageTest.deadLettersOf(topic).get(0).getLong("id");

    // The successors arrive more than a dedupe window (7 days) ago, the last one first.
    clock.shift(Duration.ofDays(-8));
    publish(
        record(topic, thirdId, cancelled(order, customer, "third", 3)),
        record(topic, secondId, confirmed(order, customer)));
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(parkedOf(order)).hasSize(2));
    clock.reset();

    List<JsonPath> parked = parkedOf(order);
    assertThat(parked).extracting(p -> p.getLong("sequence")).containsExactly(2L, 3L);
    for (JsonPath p : parked) {
      assertThat(p.getString("reason"))
          .isEqualTo(
              ParkedEvents.WAITING_FOR_DEAD_LETTER
                  + placedId
                  + " (dead letter "
                  + deadLetterId
                  + ", sequence 1)");
      assertThat(p.getLong("deadLetterId")).isEqualTo(deadLetterId);
      assertThat(p.getLong("waitingForSequence")).isEqualTo(1L);
    }

    // Pruning the window must keep the entries of events still parked: they are old enough.
    pruning.prune();
    assertThat(inboxEntries(secondId, thirdId)).isEqualTo(2);
    // So a redelivery of a parked event is still a duplicate, not parked twice.
    double duplicatesBefore = metrics.duplicatesCount();
    publish(record(topic, secondId, confirmed(order, customer)));
    await().atMost(PATIENCE).until(() -> metrics.duplicatesCount() >= duplicatesBefore + 1);

    authorized()
        .post("/dead-letters/{id}/replay", deadLetterId)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("applied"));

    // The successors followed their predecessor, in sequence order, each once: shipped (2), then
    // cancelled (3).
    shipment(order)
        .statusCode(200)
        .body("status", equalTo("CANCELLED"))
        .body("lastSequence", equalTo(3))
        .body("shippedAt", notNullValue())
        .body("cancelReason", equalTo("third"));
    stats(customer)
        .statusCode(200)
        .body("ordersPlaced", equalTo(1))
        .body("ordersCancelled", equalTo(1));
    assertThat(parkedOf(order)).isEmpty();
    assertThat(processedEntries(placedId, secondId, thirdId)).isEqualTo(3);
  }

  @Test
  void aParkedEventWhosePredecessorWasNotDeadLetteredWaitsForItsSequence() {
    String topic = newTopic("parked-waiting", 1);
    String order = id("order");
    publish(record(topic, cancelled(order, id("customer"), "early", 2)));

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(parkedOf(order)).hasSize(1));
    JsonPath parked = parkedOf(order).get(0);
    assertThat(parked.getString("reason")).isEqualTo(ParkedEvents.WAITING_FOR_SEQUENCE + 1);
    assertThat(parked.getString("deadLetterId")).isNull();
  }

  private static OrderCancelled cancelled(
      String order, String customer, String reason, long sequence) {
    return new OrderCancelled(
        order, customer, reason, Instant.parse("2026-11-27T11:00:00Z"), sequence);
  }

  /** {@code original} as the consumer dead-letters an event that failed on its own. */
  private static ProducerRecord<String, byte[]> deadLetterOf(
      ProducerRecord<String, byte[]> original, String topic) {
    ProducerRecord<String, byte[]> deadLetter =
        new ProducerRecord<>(
            OnceflowTopics.DEAD_LETTERS,
            null,
            original.key(),
            original.value(),
            original.headers());
    header(deadLetter, OnceflowHeaders.DLQ_REASON, ProcessingFailed.REASON + ": rule violated");
    header(deadLetter, OnceflowHeaders.DLQ_EXCEPTION, ProcessingFailed.class.getName());
    header(deadLetter, OnceflowHeaders.DLQ_TOPIC, topic);
    header(deadLetter, OnceflowHeaders.DLQ_PARTITION, "0");
    header(deadLetter, OnceflowHeaders.DLQ_OFFSET, "0");
    header(deadLetter, OnceflowHeaders.DLQ_CONSUMER, "fulfillment");
    return deadLetter;
  }

  private static List<JsonPath> parkedOf(String order) {
    List<Map<String, Object>> items =
        authorized()
            .queryParam("size", 200)
            .get("/dead-letters/parked")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    return items.stream()
        .filter(item -> order.equals(item.get("aggregateId")))
        .map(item -> new JsonPath(OrderEventRecords.jsonString(item)))
        .toList();
  }

  private long inboxEntries(UUID... events) {
    return count("SELECT count(*) FROM inbox_event WHERE consumer = 'fulfillment'", events);
  }

  private long processedEntries(UUID... events) {
    return count(
        "SELECT count(*) FROM inbox_event WHERE consumer = 'fulfillment'"
            + " AND processed_at IS NOT NULL",
        events);
  }

  private long count(String sql, UUID... events) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(sql + " AND event_id = ANY(CAST(?1 AS uuid[]))")
                            .setParameter(1, events)
                            .getSingleResult())
                    .longValue());
  }
}
