package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalKafkaTest {

  private static LocalKafka kafka;
  private static KafkaTestClients clients;

  @BeforeAll
  static void startBroker() {
    kafka = LocalKafka.builder().build().start();
    clients = new KafkaTestClients(kafka.bootstrapServers());
  }

  @AfterAll
  static void closeBroker() {
    kafka.close();
    assertThat(kafka.dataDirectory()).doesNotExist();
  }

  @Test
  void readCommittedConsumerSeesCommittedRecordsButNotAbortedOnes() {
    String topic = "transactions-test";
    kafka.createTopic(topic, 2, Map.of());

    try (KafkaProducer<String, String> producer =
        clients.transactionalProducer("transactions-test-tx")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "order-1", "committed-1"));
      producer.send(new ProducerRecord<>(topic, "order-2", "committed-2"));
      producer.commitTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "order-1", "aborted-1"));
      producer.flush();
      producer.abortTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "order-3", "committed-3"));
      producer.commitTransaction();
    }

    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        clients.readCommittedConsumer("transactions-test")) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(record.value()));
                assertThat(seen)
                    .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
              });
    }
    assertThat(seen).doesNotContain("aborted-1");
  }

  @Test
  void createTopicIsIdempotentAndAppliesTheConfig() throws Exception {
    String topic = "compacted-test";
    kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
    kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));

    try (Admin admin = kafka.admin()) {
      TopicDescription description = KafkaTestClients.describe(admin, topic);
      assertThat(description.partitions()).hasSize(3);
    }
  }

  @Test
  void restartKeepsPortTopicsAndRecords() {
    String topic = "restart-test";
    kafka.createTopic(topic, 1, Map.of());
    try (KafkaProducer<String, String> producer =
        clients.transactionalProducer("restart-test-tx")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "before-restart"));
      producer.commitTransaction();
    }
    int port = kafka.port();
    String servers = kafka.bootstrapServers();

    kafka.restart();

    assertThat(kafka.port()).isEqualTo(port);
    assertThat(kafka.bootstrapServers()).isEqualTo(servers);
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = clients.readCommittedConsumer("restart-test")) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen)
                    .extracting(ConsumerRecord::value)
                    .containsExactly("before-restart");
              });
    }
  }
}
