package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** Pure unit test: a SmallRye Config built from maps, as Quarkus builds it from the environment. */
class KafkaPassThroughTest {

  @Test
  void theClusterLoginFromTheEnvironmentReachesTheRelaysClients() {
    Config config =
        new SmallRyeConfigBuilder()
            .withSources(
                new EnvConfigSource(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "KAFKA_SASL_JAAS_CONFIG", "scram-login",
                        "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                        "KAFKA_SSL_TRUSTSTORE_CERTIFICATES", "ca-pem"),
                    300))
            .withSources(
                new PropertiesConfigSource(
                    Map.of("kafka.bootstrap.servers", "localhost:9092", "kafka.linger.ms", "5"),
                    "application.properties",
                    250))
            .build();

    assertThat(KafkaPassThrough.read(config))
        .containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("linger.ms", "5")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "scram-login")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", "ca-pem");
  }
}
