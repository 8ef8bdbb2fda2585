package dev.onceflow.inbox;

import static dev.onceflow.inbox.ServiceTokens.authorized;
import static dev.onceflow.inbox.support.InboxTestSupport.bootstrapServers;
import static dev.onceflow.inbox.support.InboxTestSupport.id;
import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static dev.onceflow.inbox.support.InboxTestSupport.stats;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static dev.onceflow.testkit.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.problem.ProblemTypes;
import dev.onceflow.core.inbox.fault.InvalidEvent;
import dev.onceflow.core.inbox.fault.InvalidEventId;
import dev.onceflow.core.inbox.fault.MalformedEvent;
import dev.onceflow.core.inbox.fault.RejectedEvent;
import dev.onceflow.core.inbox.fault.UnknownEventType;
import dev.onceflow.core.inbox.fault.UnsupportedSchemaVersion;
import dev.onceflow.inbox.support.OrderEventRecords;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.KafkaTestClient;
import dev.onceflow.testkit.RelayedRecords;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Permanent failures go to the dead-letter topic at once and the partition keeps flowing. */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class PoisonMessageTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void poisonRecordsAreDeadLetteredWithTheirReasonAndTheRecordsAfterThemAreApplied() {
    String topic = newTopic("poison", 1);
    String customer = id("customer");
    ProducerRecord<String, byte[]> malformed =
        RelayedRecords.unreadable(topic, "o-1", OrderEvents.ORDER_PLACED);
    ProducerRecord<String, byte[]> unknownType =
        OrderEventRecords.header(
            record(topic, placed(id("order"), customer, "1.00")),
            OnceflowHeaders.EVENT_TYPE,
            "OrderShipped");
    ProducerRecord<String, byte[]> futureSchema =
        OrderEventRecords.header(
            record(topic, placed(id("order"), customer, "1.00")),
            OnceflowHeaders.SCHEMA_VERSION,
            "2");
    ProducerRecord<String, byte[]> noId =
        OrderEventRecords.header(
            record(topic, placed(id("order"), customer, "1.00")), OnceflowHeaders.EVENT_ID, null);
    ProducerRecord<String, byte[]> invalid =
        record(
            topic,
            new dev.onceflow.contract.order.OrderPlaced(
                "o-2", customer, "euro", List.of(), null, null, 1));
    String goodOrder = id("order");

    publish(
        List.of(
            record(topic, placed(id("order"), customer, "1.00")),
            malformed,
            unknownType,
            futureSchema,
            noId,
            invalid,
            record(topic, placed(goodOrder, customer, "2.00"))));

    // The records after the poison ones are applied: 1.00 + 2.00.
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> stats(customer).statusCode(200).body("ordersPlaced", equalTo(2)));

    List<ConsumerRecord<String, byte[]>> deadLetters =
        KafkaTestClient.read(
            bootstrapServers(),
            OnceflowTopics.DEAD_LETTERS,
            r -> topic.equals(header(r, OnceflowHeaders.DLQ_TOPIC)),
            5,
            PATIENCE);
    assertThat(deadLetters).hasSize(5);
    Map<Long, String> reasonByOffset =
        deadLetters.stream()
            .collect(
                Collectors.toMap(
                    r -> Long.parseLong(header(r, OnceflowHeaders.DLQ_OFFSET)),
                    r -> header(r, OnceflowHeaders.DLQ_REASON)));
    assertThat(reasonByOffset.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    assertThat(reasonByOffset.get(1L)).startsWith(MalformedEvent.REASON + ": ");
    assertThat(reasonByOffset.get(2L)).startsWith(UnknownEventType.REASON + ": ");
    assertThat(reasonByOffset.get(3L)).startsWith(UnsupportedSchemaVersion.REASON + ": ");
    assertThat(reasonByOffset.get(4L)).startsWith(InvalidEventId.REASON + ": ");
    assertThat(reasonByOffset.get(5L))
        .startsWith(InvalidEvent.REASON + ": ")
        .contains("currency", "lines must not be empty", "total", "placedAt");
    ConsumerRecord<String, byte[]> first = deadLetters.get(0);
    assertThat(header(first, OnceflowHeaders.DLQ_PARTITION)).isEqualTo("0");
    assertThat(header(first, OnceflowHeaders.DLQ_EXCEPTION))
        .startsWith(RejectedEvent.class.getPackageName());
    assertThat(header(first, OnceflowHeaders.DLQ_CONSUMER)).isEqualTo("fulfillment");
    // The original record travels unchanged, headers included.
    ConsumerRecord<String, byte[]> malformedDead =
        deadLetters.stream()
            .filter(r -> header(r, OnceflowHeaders.DLQ_OFFSET).equals("1"))
            .findFirst()
            .orElseThrow();
    assertThat(new String(malformedDead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(malformedDead.key()).isEqualTo("o-1");
    assertThat(header(malformedDead, OnceflowHeaders.EVENT_TYPE))
        .isEqualTo(OrderEvents.ORDER_PLACED);

    // The REST projection lists them with their reasons; a replay of a malformed one is refused.
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(deadLettersOf(topic)).hasSize(5));
    JsonPath malformedView =
        deadLettersOf(topic).stream()
            .filter(j -> j.getLong("sourceOffset") == 1L)
            .findFirst()
            .orElseThrow();
    assertThat(malformedView.getString("reason")).isEqualTo(MalformedEvent.REASON);
    assertThat(malformedView.getString("detail")).contains(OrderEvents.ORDER_PLACED);
    authorized()
        .post("/dead-letters/{id}/replay", malformedView.getLong("id"))
        .then()
        .statusCode(422)
        .contentType(ProblemTypes.MEDIA_TYPE)
        .body("type", equalTo(ProblemTypes.uri("still-rejected")));
  }

  static List<JsonPath> deadLettersOf(String topic) {
    List<Map<String, Object>> items =
        authorized()
            .queryParam("size", 200)
            .get("/dead-letters")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    return items.stream()
        .filter(item -> topic.equals(item.get("sourceTopic")))
        .map(item -> new JsonPath(OrderEventRecords.jsonString(item)))
        .toList();
  }
}
