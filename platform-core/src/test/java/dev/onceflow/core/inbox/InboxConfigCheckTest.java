package dev.onceflow.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboxConfigCheckTest {

  @Test
  void theDefaultsAreValid() {
    InboxConfig config =
        config(
            Map.of(
                "onceflow.inbox.consumer-name", "fulfillment",
                "onceflow.inbox.topic", "outbox.event.order"));

    assertThat(InboxConfigCheck.problems(config)).isEmpty();
    assertThat(config.dedupe().window()).isEqualTo(Duration.ofDays(7));
    assertThat(config.consumerName()).isEqualTo("fulfillment");
    assertThat(config.enabled()).isFalse();
  }

  @Test
  void theConsumerNameAndTopicHaveNoDefaultAndAreNamedWhenMissing() {
    assertThatThrownBy(() -> config(Map.of()))
        .hasMessageContaining("onceflow.inbox.consumer-name")
        .hasMessageContaining("onceflow.inbox.topic");
  }

  @Test
  void everyInvalidValueIsReportedWithItsKey() {
    InboxConfig config =
        config(
            Map.of(
                "onceflow.inbox.consumer-name", "Bad Name",
                "onceflow.inbox.topic", "outbox.event.order",
                "onceflow.inbox.batch-size", "0",
                "onceflow.inbox.concurrency", "65",
                "onceflow.inbox.retry.initial-backoff", "10s",
                "onceflow.inbox.retry.max-backoff", "1s",
                "onceflow.inbox.dedupe.prune-batch-size", "0",
                "onceflow.inbox.health.stall-threshold", "0s"));

    assertThat(String.join("\n", InboxConfigCheck.problems(config)))
        .contains("onceflow.inbox.consumer-name")
        .contains("onceflow.inbox.batch-size")
        .contains("onceflow.inbox.concurrency")
        .contains("onceflow.inbox.retry.max-backoff")
        .contains("onceflow.inbox.dedupe.prune-batch-size")
        .contains("onceflow.inbox.health.stall-threshold");
  }

  private static InboxConfig config(Map<String, String> values) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(InboxConfig.class)
            // Quarkus' converter, which reads "7d" and "200ms" as the application does
            .withConverter(Duration.class, 200, new DurationConverter())
            .withSources(new MapBackedConfigSource("test", values) {})
            .build();
    return config.getConfigMapping(InboxConfig.class);
  }
}
