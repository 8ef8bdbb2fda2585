package dev.onceflow.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.security.KafkaLogin;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Pure unit test: a SmallRye Config built from maps, as Quarkus builds it from the environment. */
class KafkaClientPropertiesTest {

  @Test
  void theLoginFromTheEnvironmentReachesAHandMadeClient() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(
                new EnvConfigSource(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "KAFKA_SASL_JAAS_CONFIG", "scram-login",
                        "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                        "KAFKA_SSL_TRUSTSTORE_CERTIFICATES", "ca-pem"),
                    300))
            .withSources(
                new PropertiesConfigSource(
                    Map.of(
                        "kafka.bootstrap.servers", "broker:9092",
                        "kafka.linger.ms", "5",
                        "kafka.group.id", "not-a-producer-key"),
                    "application.properties",
                    250))
            .build();

    Map<String, Object> producer = KafkaClientProperties.read(config, ProducerConfig.configNames());

    assertThat(producer)
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("linger.ms", "5")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "scram-login")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", "ca-pem")
        .doesNotContainKey("group.id");
  }

  @Test
  void withoutALoginNothingIsInvented() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(
                new PropertiesConfigSource(
                    Map.of("kafka.bootstrap.servers", "broker:9092"),
                    "application.properties",
                    250))
            .build();

    assertThat(KafkaClientProperties.read(config, ProducerConfig.configNames()))
        .containsOnlyKeys("bootstrap.servers");
  }

  @Test
  void eachLoginKeyHasTheEnvironmentVariableTheManifestsSet() {
    assertThat(KafkaLogin.KEYS.stream().map(KafkaLogin::environmentVariable))
        .containsExactly(
            "KAFKA_SECURITY_PROTOCOL",
            "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_TYPE",
            "KAFKA_SSL_TRUSTSTORE_CERTIFICATES");
  }
}
