package dev.onceflow.local;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The clients the broker tests use on a {@link LocalKafka} or {@link LocalKafkaCluster}: String
 * records, written in transactions with {@code acks=all} and read {@code read_committed}, as the
 * relay and the consumers do.
 *
 * @param bootstrapServers of the broker or cluster, the same across its restarts
 */
record KafkaTestClients(String bootstrapServers) {

  /** A transactional, idempotent producer; the caller closes it. */
  KafkaProducer<String, String> transactionalProducer(String transactionalId) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            transactionalId,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            "true",
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  /**
   * A {@code read_committed} consumer in {@code group}, from the earliest offset; the caller closes
   * it.
   */
  KafkaConsumer<String, String> readCommittedConsumer(String group) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"),
        new StringDeserializer(),
        new StringDeserializer());
  }

  /** An admin client ({@link LocalKafka#admin(String)}); the caller closes it. */
  Admin admin() {
    return LocalKafka.admin(bootstrapServers);
  }

  /** {@code topic}'s partitions and replicas. */
  static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
  }
}
