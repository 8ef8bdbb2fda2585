package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.deploy.render.KafkaSetup;
import dev.onceflow.deploy.render.Overlay;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Kafka each overlay deploys can carry transactions: the transaction state log and every topic
 * are replicated at least as often as their min ISR and at most as often as there are brokers; on
 * 3+ brokers a write needs 2 replicas; the topics Onceflow uses (OnceflowTopics) are declared, the
 * relay's offsets topic is compacted with small segments; dev declares the same topics as prod.
 */
class KafkaTransactionsTest {

  static final List<String> OVERLAYS = Catalogue.OVERLAYS;

  private static final List<String> TOPICS =
      List.of(
          OnceflowTopics.ORDER_EVENTS,
          OnceflowTopics.DEAD_LETTERS,
          OnceflowTopics.INBOX_JOURNAL,
          OnceflowTopics.RELAY_OFFSETS);

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void brokerSettingsSupportTransactions(String name) {
    KafkaSetup kafka = KafkaSetup.of(Overlay.load(name));
    Map<String, String> config = kafka.brokerConfig();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(kafka.brokers()).as("%s: brokers", name).isPositive();
    for (String key :
        List.of(
            "default.replication.factor",
            "min.insync.replicas",
            "offsets.topic.replication.factor",
            "transaction.state.log.replication.factor",
            "transaction.state.log.min.isr")) {
      soft.assertThat(config)
          .as("%s: %s is set explicitly (defaults assume 3 brokers)", name, key)
          .containsKey(key);
    }
    if (soft.wasSuccess()) {
      int brokers = kafka.brokers();
      int replication = intOf(config, "default.replication.factor");
      int minIsr = intOf(config, "min.insync.replicas");
      int txReplication = intOf(config, "transaction.state.log.replication.factor");
      int txMinIsr = intOf(config, "transaction.state.log.min.isr");
      int offsetsReplication = intOf(config, "offsets.topic.replication.factor");
      soft.assertThat(replication)
          .as("%s: default.replication.factor <= brokers", name)
          .isLessThanOrEqualTo(brokers);
      soft.assertThat(replication)
          .as("%s: default.replication.factor >= min.insync.replicas", name)
          .isGreaterThanOrEqualTo(minIsr);
      soft.assertThat(txReplication)
          .as("%s: transaction.state.log.replication.factor <= brokers", name)
          .isLessThanOrEqualTo(brokers);
      soft.assertThat(txReplication)
          .as("%s: transaction state log replication >= its min ISR", name)
          .isGreaterThanOrEqualTo(txMinIsr);
      soft.assertThat(offsetsReplication)
          .as("%s: offsets.topic.replication.factor <= brokers", name)
          .isLessThanOrEqualTo(brokers);
      if (brokers >= 3) {
        soft.assertThat(minIsr)
            .as("%s: min.insync.replicas on %d brokers", name, brokers)
            .isGreaterThanOrEqualTo(2);
        soft.assertThat(txMinIsr)
            .as("%s: transaction.state.log.min.isr", name)
            .isGreaterThanOrEqualTo(2);
        soft.assertThat(txReplication)
            .as("%s: transaction.state.log.replication.factor", name)
            .isGreaterThanOrEqualTo(3);
        soft.assertThat(replication)
            .as("%s: default.replication.factor", name)
            .isGreaterThan(minIsr);
        soft.assertThat(config.get("unclean.leader.election.enable"))
            .as("%s: unclean leader election", name)
            .isNotEqualTo("true");
      }
    }
    soft.assertThat(config.get("auto.create.topics.enable"))
        .as("%s: topics exist only as declared (auto.create.topics.enable)", name)
        .isEqualTo("false");
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void topicsAreDeclaredAndReplicatedForTransactions(String name) {
    KafkaSetup kafka = KafkaSetup.of(Overlay.load(name));
    SoftAssertions soft = new SoftAssertions();
    for (String topicName : TOPICS) {
      soft.assertThat(kafka.topics().stream().map(KafkaSetup.Topic::name))
          .as("%s: declared topics", name)
          .contains(topicName);
    }
    for (KafkaSetup.Topic topic : kafka.topics()) {
      int minIsr = Integer.parseInt(kafka.effective(topic, "min.insync.replicas"));
      soft.assertThat(topic.partitions()).as("%s: %s partitions", name, topic.name()).isPositive();
      soft.assertThat(topic.replicas())
          .as("%s: %s replicas <= brokers", name, topic.name())
          .isLessThanOrEqualTo(kafka.brokers());
      soft.assertThat(topic.replicas())
          .as("%s: %s replicas >= min.insync.replicas", name, topic.name())
          .isGreaterThanOrEqualTo(minIsr);
      if (kafka.brokers() >= 3) {
        soft.assertThat(topic.replicas())
            .as("%s: %s replicas > min ISR", name, topic.name())
            .isGreaterThan(minIsr);
      }
    }
    if (soft.wasSuccess()) {
      KafkaSetup.Topic offsets = kafka.topic(OnceflowTopics.RELAY_OFFSETS);
      soft.assertThat(offsets.config().get("cleanup.policy"))
          .as("%s: offsets topic cleanup.policy", name)
          .isEqualTo("compact");
      soft.assertThat(Long.parseLong(offsets.config().getOrDefault("segment.bytes", "1073741824")))
          .as("%s: offsets topic segment.bytes (small: one record per transaction)", name)
          .isLessThanOrEqualTo(16L * 1024 * 1024);
      soft.assertThat(Long.parseLong(offsets.config().getOrDefault("segment.ms", "604800000")))
          .as("%s: offsets topic segment.ms", name)
          .isLessThanOrEqualTo(3_600_000L);
      soft.assertThat(
              kafka
                  .topic(OnceflowTopics.ORDER_EVENTS)
                  .config()
                  .getOrDefault("cleanup.policy", "delete"))
          .as("%s: the event topic keeps every event (not compacted)", name)
          .isEqualTo("delete");
    }
    soft.assertAll();
  }

  @Test
  void devDeclaresTheSameTopicsAsProd() {
    Map<String, String> dev = shape(KafkaSetup.of(Overlay.load("dev")));
    Map<String, String> prod = shape(KafkaSetup.of(Overlay.load("prod")));
    assertThat(dev).as("dev topics (partitions and configs other than min ISR)").isEqualTo(prod);
  }

  private static Map<String, String> shape(KafkaSetup kafka) {
    Map<String, String> shape = new TreeMap<>();
    for (KafkaSetup.Topic topic : kafka.topics()) {
      Map<String, String> config = new TreeMap<>(topic.config());
      config.remove("min.insync.replicas");
      shape.put(topic.name(), topic.partitions() + " partitions " + config);
    }
    return shape;
  }

  private static int intOf(Map<String, String> config, String key) {
    return Integer.parseInt(config.get(key));
  }
}
