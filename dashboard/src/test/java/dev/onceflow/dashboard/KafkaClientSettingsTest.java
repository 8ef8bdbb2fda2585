package dev.onceflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
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
  void theConsumerCarriesTheLogin() {
    assertCarriesTheLogin(KafkaClientSettings.of(KAFKA, ConsumerConfig.configNames()));
  }

  @Test
  void theAdminCarriesTheLoginAndNothingItDoesNotKnow() {
    Properties admin = KafkaClientSettings.of(KAFKA, AdminClientConfig.configNames());
    assertCarriesTheLogin(admin);
    assertThat(admin).doesNotContainKey("group.id");
  }

  private static void assertCarriesTheLogin(Properties settings) {
    assertThat(settings)
        .containsEntry("bootstrap.servers", "onceflow-kafka-bootstrap:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsKey("sasl.jaas.config");
  }
}
