package dev.onceflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.inbox.support.ConsumerProcess;
import dev.onceflow.inbox.support.SystemTestPlatform;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A wrong value or an unknown key under onceflow.inbox, or no service token, stops the packaged
 * service, naming the key.
 */
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
  void withoutAServiceTokenTheServiceDoesNotStartAndNamesTheKey() {
    SystemTestPlatform platform = SystemTestPlatform.create("notoken", 1);
    Map<String, String> environment = platform.environment();
    environment.remove(ServiceToken.ENVIRONMENT_VARIABLE);

    try (ConsumerProcess consumer =
        ConsumerProcess.start("config-no-token", environment, platform.properties())) {
      assertThat(consumer.awaitExit(Duration.ofSeconds(90))).isNotZero();
      assertThat(consumer.output())
          .contains(ServiceToken.CONFIG_KEY + " is required")
          .contains(ServiceToken.ENVIRONMENT_VARIABLE);
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
