package dev.onceflow.contract.security;

import java.util.List;

/**
 * The Kafka client keys that log a service in to the production cluster (SCRAM over TLS, trusting
 * the cluster CA). Every Kafka client an Onceflow service creates by hand must carry them, not only
 * the ones SmallRye Reactive Messaging creates: a producer or admin client without them cannot
 * connect to a cluster that admits only known users.
 *
 * <p>They arrive as environment variables ({@code KAFKA_SECURITY_PROTOCOL}, …). A configuration
 * source lists environment variables under their own names, not as {@code kafka.security.protocol},
 * so a client that only walks the property names would miss them: each key is looked up by name.
 */
public final class KafkaLogin {

  /** The client keys, without the {@code kafka.} prefix under which services configure them. */
  public static final List<String> KEYS =
      List.of(
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config",
          "ssl.truststore.type",
          "ssl.truststore.certificates");

  private KafkaLogin() {}

  /** {@code KAFKA_SASL_JAAS_CONFIG} for {@code sasl.jaas.config}. */
  public static String environmentVariable(String key) {
    return "KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }
}
