package dev.onceflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Records on a real Kafka broker become what the browser receives: an event, its journal entry and
 * a dead letter show up in the SSE snapshot, and the event's timeline in the journey API.
 */
@QuarkusTest
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "dashboard"))
class LiveFeedTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject ObjectMapper json;

  @TestHTTPResource("/api/stream")
  URI stream;

  @Test
  void anEventItsOutcomeAndADeadLetterReachTheSnapshotStream() throws Exception {
    // Its own topic, under the prefix the dashboard follows.
    String topic =
        OnceflowTopics.eventTopic("livefeed" + UUID.randomUUID().toString().substring(0, 8));
    LocalPlatformTestResource.kafka().createTopic(topic, 2, Map.of());
    String eventId = UUID.randomUUID().toString();
    String orderId = UUID.randomUUID().toString();
    Instant created = Instant.now().minusMillis(40);

    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      ProducerRecord<byte[], byte[]> event =
          record(
              topic,
              orderId,
              "{\"orderId\":\"" + orderId + "\",\"placedAt\":\"" + created.minusMillis(5) + "\"}");
      header(event, OnceflowHeaders.EVENT_ID, eventId);
      header(event, OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
      header(event, OnceflowHeaders.CREATED_AT, created.toString());
      var sent = producer.send(event).get();

      AuditFixture.journal(
          producer,
          json,
          AuditFixture.processed(
              eventId,
              orderId,
              topic,
              sent.partition(),
              sent.offset(),
              created,
              Instant.now(),
              Instant.now().plusMillis(3)));

      String poisonId = UUID.randomUUID().toString();
      ProducerRecord<byte[], byte[]> deadLetter =
          record(OnceflowTopics.DEAD_LETTERS, "poison-" + poisonId, "{not json");
      header(deadLetter, OnceflowHeaders.EVENT_ID, poisonId);
      header(deadLetter, OnceflowHeaders.DLQ_REASON, "malformed-json: not JSON");
      header(deadLetter, OnceflowHeaders.DLQ_TOPIC, topic);
      header(deadLetter, OnceflowHeaders.DLQ_PARTITION, "0");
      header(deadLetter, OnceflowHeaders.DLQ_OFFSET, "99");
      producer.send(deadLetter).get();
    }

    JsonNode snapshot =
        firstSnapshotMatching(
            s ->
                journey(s, eventId) != null
                    && "processed".equals(journey(s, eventId).path("status").asText())
                    && s.path("deadLetters").path("byReason").path("malformed-json").asLong() >= 1
                    && hasTopic(s, topic));
    JsonNode journey = journey(snapshot, eventId);
    assertThat(journey.path("orderId").asText()).isEqualTo(orderId);
    assertThat(journey.path("topic").asText()).isEqualTo(topic);
    assertThat(journey.path("endToEndMillis").asDouble()).isGreaterThan(0);
    assertThat(snapshot.path("stages").findValuesAsText("id"))
        .containsExactly(
            "order-service", "outbox", "outbox-relay", "kafka", "inbox-consumer", "effect");
    // order-service and the others are not running in this test: shown, and alerted.
    assertThat(snapshot.path("alerts").findValuesAsText("message"))
        .anySatisfy(m -> assertThat(m).contains("order-service is UNREACHABLE"));

    RestAssured.given()
        .get("/api/journeys/{id}", orderId)
        .then()
        .statusCode(200)
        .body("[0].eventId", org.hamcrest.Matchers.equalTo(eventId))
        .body(
            "[0].hops.name",
            org.hamcrest.Matchers.contains(
                "REST request", "outbox write", "published", "received", "processed"));
    RestAssured.given().get("/api/journeys/{id}", "no-such-event").then().statusCode(404);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        json.readTree(RestAssured.get("/api/history").asString())
                            .findValuesAsText("published"))
                    .isNotEmpty());
  }

  @Test
  void aNewTopicJoiningTheSubscriptionDoesNotReadAnyRecordTwice() throws Exception {
    String first =
        OnceflowTopics.eventTopic("rejoin" + UUID.randomUUID().toString().substring(0, 8));
    LocalPlatformTestResource.kafka().createTopic(first, 1, Map.of());
    String eventId = UUID.randomUUID().toString();
    String orderId = UUID.randomUUID().toString();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      ProducerRecord<byte[], byte[]> event = record(first, orderId, "{}");
      header(event, OnceflowHeaders.EVENT_ID, eventId);
      header(event, OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
      header(event, OnceflowHeaders.CREATED_AT, Instant.now().toString());
      var sent = producer.send(event).get();
      // The event record itself is read ("published" needs it; a journal entry alone does not).
      firstSnapshotMatching(
          s ->
              journey(s, eventId) != null
                  && "published".equals(journey(s, eventId).path("status").asText()));
      Instant now = Instant.now();
      AuditFixture.journal(
          producer,
          json,
          AuditFixture.processed(
              eventId,
              orderId,
              first,
              sent.partition(),
              sent.offset(),
              now,
              now,
              now.plusMillis(2)));
    }
    JsonNode before =
        firstSnapshotMatching(
            s ->
                journey(s, eventId) != null
                    && "processed".equals(journey(s, eventId).path("status").asText()));
    double eventsBefore = stageTotal(before, "kafka");

    // A second event topic matches the subscription: the group rebalances and hands every
    // partition back, the journal's and the first topic's included.
    String second =
        OnceflowTopics.eventTopic("rejoin" + UUID.randomUUID().toString().substring(0, 8));
    LocalPlatformTestResource.kafka().createTopic(second, 1, Map.of());
    String marker = UUID.randomUUID().toString();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      ProducerRecord<byte[], byte[]> event = record(second, marker, "{}");
      header(event, OnceflowHeaders.EVENT_ID, marker);
      header(event, OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
      producer.send(event).get();
    }
    JsonNode after =
        firstSnapshotMatching(
            s -> journey(s, marker) != null && stageTotal(s, "kafka") >= eventsBefore + 1);

    assertThat(stageTotal(after, "kafka")).as("event records read").isEqualTo(eventsBefore + 1);
    RestAssured.given()
        .get("/api/journeys/{id}", eventId)
        .then()
        .statusCode(200)
        .body(
            "[0].hops.name",
            org.hamcrest.Matchers.contains("outbox write", "published", "received", "processed"));
  }

  private static double stageTotal(JsonNode snapshot, String stage) {
    for (JsonNode s : snapshot.path("stages")) {
      if (stage.equals(s.path("id").asText())) {
        return s.path("total").asDouble(-1);
      }
    }
    return -1;
  }

  private JsonNode firstSnapshotMatching(java.util.function.Predicate<JsonNode> condition)
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> response =
        client.send(
            HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    Instant deadline = Instant.now().plus(PATIENCE);
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      JsonNode last = null;
      while (Instant.now().isBefore(deadline) && it.hasNext()) {
        String line = it.next();
        if (line.startsWith("data:")) {
          last = json.readTree(line.substring(5));
          if (condition.test(last)) {
            return last;
          }
        }
      }
      throw new AssertionError("no snapshot matched within " + PATIENCE + "; the last: " + last);
    }
  }

  private static JsonNode journey(JsonNode snapshot, String eventId) {
    for (JsonNode journey : snapshot.path("journeys")) {
      if (eventId.equals(journey.path("eventId").asText())) {
        return journey;
      }
    }
    return null;
  }

  private static boolean hasTopic(JsonNode snapshot, String topic) {
    for (JsonNode t : snapshot.path("topics")) {
      if (topic.equals(t.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        LocalPlatformTestResource.kafka().bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
    return new ProducerRecord<>(
        topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }

  static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
