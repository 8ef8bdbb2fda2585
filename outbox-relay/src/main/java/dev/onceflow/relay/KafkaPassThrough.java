package dev.onceflow.relay;

import dev.onceflow.contract.security.KafkaLogin;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;

/**
 * The native Kafka client properties given under {@code kafka.*}, without the prefix: {@code
 * kafka.bootstrap.servers}, security settings, producer tuning. They reach the relay's producer,
 * its offsets consumer and its admin client unchanged, except the keys the relay must set itself
 * (see {@link RelayConfigValidator}).
 */
public final class KafkaPassThrough {

  private static final String PREFIX = "kafka.";

  private static final List<String> LOOKED_UP =
      Stream.concat(Stream.of("bootstrap.servers"), KafkaLogin.KEYS.stream()).toList();

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
    // Environment variables are not listed by name in their dotted form: look these up.
    for (String key : LOOKED_UP) {
      config
          .getOptionalValue(PREFIX + key, String.class)
          .ifPresent(value -> properties.put(key, value));
    }
    return properties;
  }
}
