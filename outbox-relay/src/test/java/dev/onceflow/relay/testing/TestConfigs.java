package dev.onceflow.relay.testing;

import dev.onceflow.relay.RelayConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@link RelayConfig} instances built by SmallRye from plain properties, for unit tests. */
public final class TestConfigs {

  private TestConfigs() {}

  /** The relay's configuration from {@code properties}, defaults applied, password set. */
  public static RelayConfig relayConfig(Map<String, String> properties) {
    Map<String, String> values = new HashMap<>();
    values.put("onceflow.relay.database.password", "secret");
    values.putAll(properties);
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(RelayConfig.class)
            // As in the application: durations written 1s, 10ms…
            .withConverter(Duration.class, 100, new DurationConverter())
            .withDefaultValues(values)
            .build();
    return config.getConfigMapping(RelayConfig.class);
  }
}
