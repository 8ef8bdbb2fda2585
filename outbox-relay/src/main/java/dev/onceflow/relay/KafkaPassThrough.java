package dev.onceflow.relay;

import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * The native Kafka client properties given under {@code kafka.*}, without the prefix: {@code
 * kafka.bootstrap.servers}, security settings, producer tuning. They reach the relay's producer,
 * its offsets consumer and its admin client unchanged, except the keys the relay must set itself
 * (see {@link RelayConfigValidator}).
 */
public final class KafkaPassThrough {

  private static final String PREFIX = "kafka.";

  private KafkaPassThrough() {}

  /** The pass-through properties from {@code config}. */
  public static Map<String, String> read(Config config) {
    Map<String, String> properties = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
        config
            .getOptionalValue(name, String.class)
            .ifPresent(value -> properties.put(name.substring(PREFIX.length()), value));
      }
    }
    // Environment variables are not listed by name in their dotted form: look this one up.
    config
        .getOptionalValue(PREFIX + "bootstrap.servers", String.class)
        .ifPresent(value -> properties.put("bootstrap.servers", value));
    return properties;
  }
}
