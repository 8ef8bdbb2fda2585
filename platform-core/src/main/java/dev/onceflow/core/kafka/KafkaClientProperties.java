package dev.onceflow.core.kafka;

import dev.onceflow.contract.security.KafkaLogin;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * The {@code kafka.*} configuration a Kafka client that the library creates by hand (the journal's
 * producer, the lag monitor's admin client) shares with the ones SmallRye Reactive Messaging
 * creates: the bootstrap servers and the cluster login, so that in production every client logs in
 * as the service's Kafka user.
 */
public final class KafkaClientProperties {

  private static final String PREFIX = "kafka.";

  private KafkaClientProperties() {}

  /**
   * The {@code kafka.*} keys of {@code config} that {@code clientKeys} (e.g. {@code
   * ProducerConfig.configNames()}) knows, without the prefix, and the login keys of {@link
   * KafkaLogin} wherever they are set (environment variables included).
   */
  public static Map<String, Object> read(Config config, Set<String> clientKeys) {
    Map<String, Object> properties = new HashMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(PREFIX) && clientKeys.contains(name.substring(PREFIX.length()))) {
        config
            .getOptionalValue(name, String.class)
            .ifPresent(value -> properties.put(name.substring(PREFIX.length()), value));
      }
    }
    for (String key : KafkaLogin.KEYS) {
      config.getOptionalValue(PREFIX + key, String.class).ifPresent(v -> properties.put(key, v));
    }
    return properties;
  }
}
