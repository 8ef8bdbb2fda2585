package dev.onceflow.dashboard;

import static dev.onceflow.dashboard.AuditFixture.anomaly;
import static dev.onceflow.dashboard.AuditFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Each anomaly planted for real on a real Kafka broker (a plain producer, no relay) is reported by
 * the live audit with its event id and kind, in the snapshot, as an alert and in the metric. The
 * bounds of a minute pass by moving the application's clock, not by waiting.
 */
@QuarkusTest
@TestProfile(AuditProfile.class)
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "dashboard"))
class AuditLiveTest {

  static final Duration PATIENCE = Duration.ofSeconds(90);

  @Inject ObjectMapper json;
  @Inject ShiftedClock clock;

  AuditFixture fixture() {
    return new AuditFixture(json);
  }

  static String topic(String name) {
    String topic = OnceflowTopics.eventTopic(name + UUID.randomUUID().toString().substring(0, 8));
    LocalPlatformTestResource.kafka().createTopic(topic, 1, Map.of());
    return topic;
  }

  /** Waits for the anomaly and prints how long the audit took to report it. */
  JsonNode reported(String what, Instant planted, String kind, String consumer, String id) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              found.set(anomaly(fixture().audit(), kind, consumer, id));
              assertThat(found.get()).as("%s anomaly for %s", kind, id).isNotNull();
            });
    System.out.printf(
        "audit: %s reported %d ms after it was planted%n",
        what, Duration.between(planted, Instant.now()).toMillis());
    return found.get();
  }

  @Test
  void aRecordProducedTwiceIsADuplicateAtKafka() throws Exception {
    String topic = topic("auditdup");
    String eventId = UUID.randomUUID().toString();
    double before = metric("kafka", "duplicate");
    Instant planted = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer = LiveFeedTest.producer()) {
      producer.send(AuditFixture.event(topic, eventId, "order-dup", 1)).get();
      producer.send(AuditFixture.event(topic, eventId, "order-dup", 1)).get();
    }

    JsonNode anomaly = reported("a duplicate at Kafka", planted, "duplicate", "kafka", eventId);
    assertThat(anomaly.path("detail").asText()).contains(topic + "-0@0", topic + "-0@1");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode snapshot = fixture().snapshot();
              AuditFixture.assertAlerted(snapshot, eventId);
              assertThat(snapshot.path("audit").path("journeys").path(eventId).asText())
                  .isEqualTo("duplicate");
            });
    assertThat(metric("kafka", "duplicate")).isGreaterThanOrEqualTo(before + 1);
    RestAssured.given()
        .get("/api/audit/events/{id}", eventId)
        .then()
        .statusCode(200)
        .body("proof", org.hamcrest.Matchers.equalTo("duplicate"));
    RestAssured.given().get("/api/audit/events/{id}", "no-such-event").then().statusCode(404);
  }

  @Test
  void aSkippedSequenceIsAGapNamingTheEventAfterIt() throws Exception {
    String topic = topic("auditgap");
    String first = UUID.randomUUID().toString();
    String third = UUID.randomUUID().toString();
    Instant planted = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer = LiveFeedTest.producer()) {
      producer.send(AuditFixture.event(topic, first, "order-gap", 1)).get();
      producer.send(AuditFixture.event(topic, third, "order-gap", 3)).get();
    }

    JsonNode anomaly = reported("a sequence gap", planted, "gap", "kafka", third);
    assertThat(anomaly.path("aggregate").asText()).isEqualTo(topic + "/order-gap");
    assertThat(anomaly.path("sequence").asLong()).isEqualTo(2);
    assertThat(anomaly(fixture().audit(), "gap", "kafka", first)).isNull();
    assertThat(metric("kafka", "gap")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anEventAppliedTwiceByAConsumerIsADuplicateOfThatConsumer() throws Exception {
    String topic = topic("audittwice");
    String eventId = UUID.randomUUID().toString();
    Instant planted = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer = LiveFeedTest.producer()) {
      RecordMetadata where =
          producer.send(AuditFixture.event(topic, eventId, "order-twice", 1)).get();
      Instant applied = Instant.now();
      fixture().applied(producer, eventId, "order-twice", where, applied);
      fixture().applied(producer, eventId, "order-twice", where, applied.plusSeconds(3));
    }

    reported("an event applied twice", planted, "duplicate", "fulfillment", eventId);
    assertThat(metric("fulfillment", "duplicate")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anEventNoConsumerAppliesWithinTheBoundIsStuck() throws Exception {
    String topic = topic("auditstuck");
    String eventId = UUID.randomUUID().toString();
    try (KafkaProducer<byte[], byte[]> producer = LiveFeedTest.producer()) {
      producer.send(AuditFixture.event(topic, eventId, "order-stuck", 1)).get();
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(fixture().audit().path("journeys").path(eventId).asText())
                    .isEqualTo("pending"));
    assertThat(anomaly(fixture().audit(), "stuck", "fulfillment", eventId)).isNull();

    clock.advance(Duration.ofSeconds(61)); // past stuck-after (60 s)
    Instant due = Instant.now();
    reported("a stuck event (after the 60 s bound)", due, "stuck", "fulfillment", eventId);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> AuditFixture.assertAlerted(fixture().snapshot(), "stuck"));
    assertThat(metric("fulfillment", "stuck")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anEventWrittenButNeverPublishedIsLostAtTheSource() throws Exception {
    String type = "auditlost" + UUID.randomUUID().toString().substring(0, 8);
    String topic = OnceflowTopics.eventTopic(type);
    LocalPlatformTestResource.kafka().createTopic(topic, 1, Map.of());
    String kept = UUID.randomUUID().toString();
    String keptOrder = "order-kept-" + kept;
    String droppedOrder = "order-dropped-" + kept;
    Instant writtenAt = clock.instant();
    AuditProfile.WRITTEN.wrote(new WrittenSource.Written(type, keptOrder, 1, writtenAt));
    AuditProfile.WRITTEN.wrote(new WrittenSource.Written(type, droppedOrder, 1, writtenAt));
    try (KafkaProducer<byte[], byte[]> producer = LiveFeedTest.producer()) {
      producer.send(AuditFixture.event(topic, kept, keptOrder, 1)).get();
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(fixture().audit().path("journeys").has(kept)).isTrue());
    long provedBefore = fixture().audit().path("proved").path("written→published").asLong();

    clock.advance(Duration.ofSeconds(92)); // past lost-after (90 s)
    Instant due = Instant.now();
    JsonNode anomaly =
        reported(
            "a dropped event (after the 90 s bound)",
            due,
            "lost",
            "source",
            topic + "/" + droppedOrder);
    assertThat(anomaly.path("sequence").asLong()).isEqualTo(1);
    assertThat(anomaly(fixture().audit(), "lost", "source", topic + "/" + keptOrder)).isNull();
    assertThat(fixture().audit().path("proved").path("written→published").asLong())
        .isGreaterThanOrEqualTo(provedBefore + 1);
    assertThat(metric("source", "lost")).isGreaterThanOrEqualTo(1);
  }
}
