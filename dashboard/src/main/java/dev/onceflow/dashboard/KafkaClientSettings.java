package dev.onceflow.dashboard;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code kafka.*} configuration (Quarkus' {@code default-kafka-broker} map: properties and
 * {@code KAFKA_*} environment variables alike) that a client the dashboard creates itself must
 * carry: bootstrap servers and, in production, {@code security.protocol}, {@code sasl.*} and {@code
 * ssl.*} (SCRAM over TLS, docs/kubernetes.md). The dashboard's own settings are put on top.
 */
public final class KafkaClientSettings {

  private KafkaClientSettings() {}

  /**
   * The entries of {@code kafkaConfig} that a client with {@code configNames} (e.g. {@code
   * ConsumerConfig.configNames()}) understands.
   */
  public static Properties of(Map<String, Object> kafkaConfig, Set<String> configNames) {
    Properties properties = new Properties();
    kafkaConfig.forEach(
        (key, value) -> {
          if (configNames.contains(key) && value != null) {
            properties.put(key, value);
          }
        });
    return properties;
  }
}
