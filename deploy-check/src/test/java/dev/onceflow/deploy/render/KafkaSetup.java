package dev.onceflow.deploy.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Kafka cluster an overlay deploys, whatever its form: brokers, broker configuration and
 * topics. Prod: Strimzi's Kafka, KafkaNodePools and KafkaTopics. Dev: the broker's
 * server.properties (ConfigMap kafka-config) and the topic list the kafka-topics Job creates
 * (ConfigMap kafka-topics).
 */
public record KafkaSetup(int brokers, Map<String, String> brokerConfig, List<Topic> topics) {

  /** A topic and its declared settings. */
  public record Topic(String name, int partitions, int replicas, Map<String, String> config) {}

  /** Reads the overlay's Kafka. */
  public static KafkaSetup of(Overlay overlay) {
    List<Manifest> kafkas = overlay.all("kafka.strimzi.io", "Kafka");
    if (!kafkas.isEmpty()) {
      if (kafkas.size() != 1) {
        throw new AssertionError(overlay.name() + ": expected one Kafka, found " + kafkas.size());
      }
      Kafka kafka = kafkas.get(0).as(Kafka.class);
      int brokers = 0;
      for (Manifest m : overlay.all("kafka.strimzi.io", "KafkaNodePool")) {
        KafkaNodePool pool = m.as(KafkaNodePool.class);
        if (pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
          brokers += pool.getSpec().getReplicas();
        }
      }
      Map<String, String> config = new LinkedHashMap<>();
      kafka.getSpec().getKafka().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
      List<Topic> topics = new ArrayList<>();
      for (Manifest m : overlay.all("kafka.strimzi.io", "KafkaTopic")) {
        KafkaTopic topic = m.as(KafkaTopic.class);
        String name =
            topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName() : m.name();
        Map<String, String> topicConfig = new LinkedHashMap<>();
        if (topic.getSpec().getConfig() != null) {
          topic.getSpec().getConfig().forEach((k, v) -> topicConfig.put(k, String.valueOf(v)));
        }
        topics.add(
            new Topic(
                name, topic.getSpec().getPartitions(), topic.getSpec().getReplicas(), topicConfig));
      }
      return new KafkaSetup(brokers, config, topics);
    }
    ConfigMap server = overlay.generatedConfigMap("kafka-config");
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(server.getData().get("server.properties")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> config = new LinkedHashMap<>();
    properties.forEach((k, v) -> config.put(k.toString(), v.toString()));
    int brokers =
        overlay.all("apps", "StatefulSet").stream()
            .filter(m -> m.name().equals("onceflow-kafka"))
            .mapToInt(
                m ->
                    m.as(io.fabric8.kubernetes.api.model.apps.StatefulSet.class)
                        .getSpec()
                        .getReplicas())
            .sum();
    List<Topic> topics = new ArrayList<>();
    String list = overlay.generatedConfigMap("kafka-topics").getData().get("topics.txt");
    for (String line : list.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      Map<String, String> topicConfig = new LinkedHashMap<>();
      for (int i = 3; i < fields.length; i++) {
        String[] pair = fields[i].split("=", 2);
        topicConfig.put(pair[0], pair[1]);
      }
      topics.add(
          new Topic(
              fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), topicConfig));
    }
    return new KafkaSetup(brokers, config, topics);
  }

  /** The topic {@code name}, or an assertion error naming what is declared. */
  public Topic topic(String name) {
    return topics.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "topic "
                        + name
                        + " is not declared; declared: "
                        + topics.stream().map(Topic::name).toList()));
  }

  /** A topic setting: the topic's own, else the broker default. */
  public String effective(Topic topic, String key) {
    return topic.config().getOrDefault(key, brokerConfig.get(key));
  }
}
