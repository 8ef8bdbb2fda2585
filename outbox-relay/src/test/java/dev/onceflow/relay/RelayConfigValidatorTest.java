package dev.onceflow.relay;

import static dev.onceflow.relay.testing.TestConfigs.relayConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.contract.OnceflowTopics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure logic: every rejected setting is reported with its key. */
class RelayConfigValidatorTest {

  private static final Map<String, String> KAFKA = Map.of("bootstrap.servers", "localhost:9092");

  @Test
  void defaultsAreValid() {
    assertThat(RelayConfigValidator.problems(relayConfig(Map.of()), KAFKA)).isEmpty();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    RelayConfig config = relayConfig(Map.of());
    assertThat(config.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
    assertThat(config.slot()).isEqualTo("onceflow_outbox");
    assertThat(config.publication()).isEqualTo("onceflow_outbox");
    assertThat(config.table()).isEqualTo("public.outbox_event");
    assertThat(config.topicPrefix()).isEqualTo(OnceflowTopics.EVENT_TOPIC_PREFIX);
    assertThat(config.offsetsTopic()).isEqualTo(OnceflowTopics.RELAY_OFFSETS);
    assertThat(config.deadLetterTopic()).isEqualTo(OnceflowTopics.RELAY_DEAD_LETTERS);
    assertThat(config.lockSessionTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void deliveryIsReadInKebabCase() {
    assertThat(relayConfig(Map.of("onceflow.relay.delivery", "at-least-once")).delivery())
        .isEqualTo(Delivery.AT_LEAST_ONCE);
  }

  @Test
  void namesEachOffendingKey() {
    RelayConfig config =
        relayConfig(
            Map.of(
                "onceflow.relay.shard-id", "a b",
                "onceflow.relay.slot", "Bad-Slot",
                "onceflow.relay.table", "outbox_event",
                "onceflow.relay.max-batch-size", "100",
                "onceflow.relay.max-queue-size", "100",
                "onceflow.relay.poll-interval", "0s",
                "onceflow.relay.offsets-topic", "bad topic",
                "onceflow.relay.dead-letter-topic", "bad/letters",
                "onceflow.relay.lock-session-timeout", "500ms"));
    assertThat(RelayConfigValidator.problems(config, KAFKA))
        .anySatisfy(p -> assertThat(p).startsWith("onceflow.relay.shard-id:"))
        .anySatisfy(p -> assertThat(p).startsWith("onceflow.relay.slot:"))
        .anySatisfy(p -> assertThat(p).startsWith("onceflow.relay.table:"))
        .anySatisfy(p -> assertThat(p).startsWith("onceflow.relay.max-queue-size:"))
        .anySatisfy(p -> assertThat(p).startsWith("onceflow.relay.poll-interval:"))
        .anySatisfy(p -> assertThat(p).startsWith("onceflow.relay.offsets-topic:"))
        .anySatisfy(p -> assertThat(p).startsWith("onceflow.relay.dead-letter-topic:"))
        .anySatisfy(p -> assertThat(p).startsWith("onceflow.relay.lock-session-timeout:"))
        .hasSize(8);
  }

  @Test
  void rejectsPassThroughKeysTheGuaranteeDependsOn() {
    RelayConfig config =
        relayConfig(
            Map.of(
                "onceflow.relay.debezium.\"offset.storage\"", "x",
                "onceflow.relay.debezium.\"slot.name\"", "other",
                "onceflow.relay.debezium.\"lsn.flush.mode\"", "connector_and_driver",
                "onceflow.relay.debezium.\"status.update.interval.ms\"", "5000"));
    Map<String, String> kafka =
        Map.of(
            "bootstrap.servers", "localhost:9092",
            "transactional.id", "mine",
            "acks", "1",
            "linger.ms", "20");
    assertThat(RelayConfigValidator.problems(config, kafka))
        .containsExactlyInAnyOrder(
            "onceflow.relay.debezium.offset.storage: set by the relay; use onceflow.relay.delivery",
            "onceflow.relay.debezium.slot.name: set by the relay; use onceflow.relay.slot",
            "onceflow.relay.debezium.lsn.flush.mode: 'connector_and_driver' would let the JDBC"
                + " driver confirm LSNs that Kafka has not committed; remove it",
            "kafka.transactional.id: set by the relay; use onceflow.relay.shard-id",
            "kafka.acks: '1' cannot be used by the relay, which needs acks=all");
  }

  @Test
  void requiresBootstrapServers() {
    assertThatThrownBy(() -> RelayConfigValidator.require(relayConfig(Map.of()), Map.of()))
        .isInstanceOf(RelayMisconfigured.class)
        .hasMessageContaining("kafka.bootstrap.servers: required");
  }
}
