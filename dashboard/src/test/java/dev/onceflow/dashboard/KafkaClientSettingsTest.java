package dev.onceflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** Plain unit test: the production Kafka login reaches the clients the dashboard creates. */
class KafkaClientSettingsTest {

  private static final Map<String, Object> KAFKA =
      Map.of(
          "bootstrap.servers", "onceflow-kafka-bootstrap:9092",
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "SCRAM-SHA-512",
          "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
          "ssl.truststore.type", "PEM",
          "group.id", "not-for-an-admin");

  @Test
  void theConsumerAndTheAdminCarryTheLogin() {
    for (var client :
        new java.util.Set<?>[] {ConsumerConfig.configNames(), AdminClientConfig.configNames()}) {
      @SuppressWarnings("unchecked")
      var settings = KafkaClientSettings.of(KAFKA, (java.util.Set<String>) client);
      assertThat(settings)
          .containsEntry("bootstrap.servers", "onceflow-kafka-bootstrap:9092")
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("ssl.truststore.type", "PEM")
          .containsKey("sasl.jaas.config");
    }
    assertThat(KafkaClientSettings.of(KAFKA, AdminClientConfig.configNames()))
        .doesNotContainKey("group.id");
  }
}
