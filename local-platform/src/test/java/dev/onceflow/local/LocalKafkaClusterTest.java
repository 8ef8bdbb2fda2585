package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three-node cluster replicates as production does: transactional {@code acks=all} writes to a
 * topic of three replicas with {@code min.insync.replicas=2} are read back {@code read_committed},
 * the internal topics are replicated too, and writes go on with one node down.
 */
class LocalKafkaClusterTest {

  private static LocalKafkaCluster cluster;
  private static KafkaTestClients clients;

  @BeforeAll
  static void startCluster() {
    cluster = LocalKafkaCluster.onFreePorts().start();
    clients = new KafkaTestClients(cluster.bootstrapServers());
  }

  @AfterAll
  static void closeCluster() {
    cluster.close();
  }

  @Test
  void replicatesTransactionalWritesAndSurvivesOneNodeDown() throws Exception {
    String topic = "replicated-test";
    cluster.createTopic(topic, 3, Map.of("min.insync.replicas", "2"));
    try (KafkaProducer<String, String> producer =
        clients.transactionalProducer("replicated-test-tx")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "order-1", "all-nodes-1"));
      producer.send(new ProducerRecord<>(topic, "order-2", "all-nodes-2"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "order-1", "aborted"));
      producer.flush();
      producer.abortTransaction();
    }
    assertThat(readCommitted(topic, "replicated-test-1", 2))
        .containsExactlyInAnyOrder("all-nodes-1", "all-nodes-2");

    try (Admin admin = clients.admin()) {
      TopicDescription description = KafkaTestClients.describe(admin, topic);
      assertThat(description.partitions())
          .allSatisfy(
              partition -> {
                assertThat(partition.replicas()).hasSize(3);
                assertThat(partition.isr()).hasSize(3);
              });
      assertThat(topicConfig(admin, topic).get("min.insync.replicas").value()).isEqualTo("2");
      // The transaction and the consumer group above created the internal topics.
      for (String internal : List.of("__transaction_state", "__consumer_offsets")) {
        assertThat(KafkaTestClients.describe(admin, internal).partitions())
            .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
      }
      assertThat(topicConfig(admin, "__transaction_state").get("min.insync.replicas").value())
          .isEqualTo("2");
    }

    cluster.node(3).stop();
    try (KafkaProducer<String, String> producer =
        clients.transactionalProducer("replicated-test-tx")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "order-3", "two-nodes"));
      producer.commitTransaction();
    }
    assertThat(readCommitted(topic, "replicated-test-2", 3))
        .containsExactlyInAnyOrder("all-nodes-1", "all-nodes-2", "two-nodes");
  }

  private static Config topicConfig(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
  }

  private static List<String> readCommitted(String topic, String group, int expected) {
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = clients.readCommittedConsumer(group)) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(record.value()));
                assertThat(seen).hasSizeGreaterThanOrEqualTo(expected);
              });
      consumer.commitSync();
    }
    return seen;
  }
}
