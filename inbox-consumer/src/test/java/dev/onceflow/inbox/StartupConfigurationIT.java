package dev.onceflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.inbox.support.ConsumerProcess;
import dev.onceflow.inbox.support.SystemTestPlatform;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wrong value or an unknown key under onceflow.inbox stops the packaged service, naming it. */
class StartupConfigurationIT {

  @Test
  void anInvalidValueFailsStartUpNamingTheKey() {
    SystemTestPlatform platform = SystemTestPlatform.create("badvalue", 1);
    Map<String, String> properties = platform.properties();
    properties.put("onceflow.inbox.retry.jitter", "1.5");
    properties.put("onceflow.inbox.dedupe.window", "-1d");

    try (ConsumerProcess consumer =
        ConsumerProcess.start("config-bad-value", platform.environment(), properties)) {
      assertThat(consumer.awaitExit(Duration.ofSeconds(90))).isNotZero();
      assertThat(consumer.output())
          .contains("onceflow.inbox.retry.jitter")
          .contains("onceflow.inbox.dedupe.window");
    }
  }

  @Test
  void anUnknownKeyFailsStartUpNamingIt() {
    SystemTestPlatform platform = SystemTestPlatform.create("badkey", 1);
    Map<String, String> properties = platform.properties();
    properties.put("onceflow.inbox.batch-sise", "10");

    try (ConsumerProcess consumer =
        ConsumerProcess.start("config-unknown-key", platform.environment(), properties)) {
      assertThat(consumer.awaitExit(Duration.ofSeconds(90))).isNotZero();
      assertThat(consumer.output()).contains("onceflow.inbox.batch-sise");
    }
  }
}
