package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.local.LocalKafka;
import dev.onceflow.relay.testing.DeliveryAudit;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.ReceivedEvent;
import dev.onceflow.relay.testing.RelayProcess;
import dev.onceflow.relay.testing.RelayShard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events Kafka will never accept, on a broker that does not create topics: one too large for the
 * producer's {@code max.request.size}, one for an aggregate type whose topic does not exist. Each
 * goes to the relay's dead-letter topic with the reason in its headers, and the events written
 * after them are published: the shard does not stall.
 */
class PoisonEventIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final int MAX_REQUEST_SIZE = 64 * 1024;

  private static LocalKafka kafka;

  @BeforeAll
  static void startABrokerThatDoesNotCreateTopics() {
    kafka = LocalKafka.builder().brokerConfig("auto.create.topics.enable", "false").build().start();
  }

  @AfterAll
  static void stopIt() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void exactlyOnceDeadLettersPoisonEventsInsideTheTransactionAndKeepsGoing() throws Exception {
    try (RelayShard shard = RelayShard.create("poison_eo", kafka)) {
      Scenario scenario = run(shard, "exactly-once");

      assertThat(DeliveryAudit.of(scenario.good(), scenario.events()))
          .isEqualTo(new DeliveryAudit(0, 0, 0, 0));
      // Exactly once on the dead-letter topic too: it is written in the batch's transaction.
      assertThat(scenario.deadLetters()).hasSize(2);
      assertDeadLettered(scenario);
      assertThat(scenario.relay().metric("onceflow_relay_dead_letters_total")).isEqualTo(2.0);
      // The offset moved past the poison: the slot is confirmed beyond everything written.
      await("slot confirmed past the poison events")
          .atMost(PATIENCE)
          .until(() -> shard.database().confirmedFlushLsn(shard.slot()) >= scenario.walAfter());
      assertThat(scenario.relay().readiness().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void atLeastOnceDeadLettersPoisonEventsAndKeepsGoing() throws Exception {
    try (RelayShard shard = RelayShard.create("poison_alo", kafka)) {
      Scenario scenario = run(shard, "at-least-once");

      assertThat(DeliveryAudit.of(scenario.good(), scenario.events()).lost()).isZero();
      assertDeadLettered(scenario);
      assertThat(scenario.relay().metric("onceflow_relay_dead_letters_total"))
          .isGreaterThanOrEqualTo(2.0);
    }
  }

  private static void assertDeadLettered(Scenario scenario) {
    Map<String, ReceivedEvent> byId =
        scenario.deadLetters().stream()
            .collect(
                Collectors.toMap(
                    e -> e.headers().get(OnceflowHeaders.EVENT_ID),
                    Function.identity(),
                    (a, b) -> a));
    ReceivedEvent tooLarge = byId.get(scenario.tooLarge().id().toString());
    assertThat(tooLarge).as("the oversized event on the dead-letter topic").isNotNull();
    assertThat(tooLarge.key()).isEqualTo(scenario.tooLarge().aggregateId());
    assertThat(tooLarge.value()).as("its payload is omitted").isNull();
    assertThat(tooLarge.headers())
        .containsEntry(OnceflowHeaders.DLQ_EXCEPTION, RecordTooLargeException.class.getName())
        .containsEntry(OnceflowHeaders.DLQ_TOPIC, scenario.eventTopic())
        .containsEntry(OnceflowHeaders.EVENT_TYPE, "OrderPlaced");
    assertThat(tooLarge.headers().get(OnceflowHeaders.DLQ_REASON)).contains("size");

    ReceivedEvent noTopic = byId.get(scenario.noTopic().id().toString());
    assertThat(noTopic).as("the event for a missing topic on the dead-letter topic").isNotNull();
    assertThat(noTopic.valueText()).contains("\"invoiceId\"");
    assertThat(noTopic.headers())
        .containsEntry(
            OnceflowHeaders.DLQ_EXCEPTION, UnknownTopicOrPartitionException.class.getName())
        .containsEntry(OnceflowHeaders.DLQ_TOPIC, scenario.missingTopic());
    assertThat(noTopic.headers().get(OnceflowHeaders.DLQ_REASON))
        .contains("does not exist", "auto.create.topics.enable=false");
  }

  private static Scenario run(RelayShard shard, String delivery) throws Exception {
    RelayProcess relay =
        shard
            .relay(delivery, Map.of("kafka.max.request.size", Integer.toString(MAX_REQUEST_SIZE)))
            .start()
            .awaitRole("active", PATIENCE);
    List<OutboxRow> good = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      good.add(OutboxRow.orderEvent("poison-before-" + (i % 4), 1 + i / 4));
    }
    shard.database().write(good, true);

    // One transaction mixing good events with both poison events: they share a batch.
    OutboxRow tooLarge =
        new OutboxRow(
            UUID.randomUUID(),
            "order",
            "poison-large",
            "OrderPlaced",
            "{\"orderId\": \"poison-large\", \"note\": \""
                + "x".repeat(2 * MAX_REQUEST_SIZE)
                + "\"}",
            1,
            null);
    OutboxRow noTopic =
        new OutboxRow(
            UUID.randomUUID(),
            "invoice",
            "invoice-1",
            "InvoiceIssued",
            "{\"invoiceId\": \"invoice-1\"}",
            1,
            null);
    List<OutboxRow> mixed = new ArrayList<>();
    mixed.add(OutboxRow.orderEvent("poison-mixed", 1));
    mixed.add(tooLarge);
    mixed.add(OutboxRow.orderEvent("poison-mixed", 2));
    mixed.add(noTopic);
    mixed.add(OutboxRow.orderEvent("poison-mixed", 3));
    shard.database().write(mixed, true);
    good.add(mixed.get(0));
    good.add(mixed.get(2));
    good.add(mixed.get(4));

    List<OutboxRow> after = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      after.add(OutboxRow.orderEvent("poison-after-" + (i % 4), 1 + i / 4));
    }
    shard.database().write(after, true);
    good.addAll(after);
    long walAfter = shard.database().currentWalLsn();

    List<ReceivedEvent> events;
    List<ReceivedEvent> deadLetters;
    try (EventTopics eventTopic = shard.events();
        EventTopics deadLetterTopic =
            new EventTopics(shard.bootstrapServers(), List.of(shard.deadLetterTopic()))) {
      eventTopic.pollUntilAtLeast(good.size(), PATIENCE);
      events = eventTopic.pollUntilQuiet(Duration.ofSeconds(3), PATIENCE);
      deadLetterTopic.pollUntilAtLeast(2, PATIENCE);
      deadLetters = deadLetterTopic.pollUntilQuiet(Duration.ofSeconds(3), PATIENCE);
    }
    return new Scenario(
        relay,
        good,
        events,
        deadLetters,
        tooLarge,
        noTopic,
        shard.eventTopic(),
        shard.topicPrefix() + "invoice",
        walAfter);
  }

  private record Scenario(
      RelayProcess relay,
      List<OutboxRow> good,
      List<ReceivedEvent> events,
      List<ReceivedEvent> deadLetters,
      OutboxRow tooLarge,
      OutboxRow noTopic,
      String eventTopic,
      String missingTopic,
      long walAfter) {}
}
