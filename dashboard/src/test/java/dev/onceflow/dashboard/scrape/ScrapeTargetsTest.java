package dev.onceflow.dashboard.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.dashboard.DashboardConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The scrape targets: the three named keys first, then the listed ones; a bad entry names the key.
 */
class ScrapeTargetsTest {

  @Test
  void theNamedTargetsThenTheListedOnes() {
    assertThat(ScrapeTargets.of(config(" payment-service = http://127.0.0.1:8084 ,x=https://x:1")))
        .containsExactly(
            org.assertj.core.api.Assertions.entry(
                "order-service", URI.create("http://127.0.0.1:8081")),
            org.assertj.core.api.Assertions.entry(
                "outbox-relay", URI.create("http://127.0.0.1:8082")),
            org.assertj.core.api.Assertions.entry(
                "inbox-consumer", URI.create("http://127.0.0.1:8083")),
            org.assertj.core.api.Assertions.entry(
                "payment-service", URI.create("http://127.0.0.1:8084")),
            org.assertj.core.api.Assertions.entry("x", URI.create("https://x:1")));
  }

  @Test
  void aBadEntryFailsNamingTheKey() {
    for (String bad :
        new String[] {
          "payment-service",
          "=http://a:1",
          "p=",
          "p=ftp://a:1",
          "p=not a url",
          "outbox-relay=http://a:1"
        }) {
      assertThatThrownBy(() -> ScrapeTargets.of(config(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(ScrapeTargets.KEY + ": invalid entry");
    }
  }

  private static DashboardConfig config(String targets) {
    return new SmallRyeConfigBuilder()
        .withConverter(Duration.class, 200, new DurationConverter())
        .withMapping(DashboardConfig.class)
        .withDefaultValue(ScrapeTargets.KEY, targets)
        .build()
        .getConfigMapping(DashboardConfig.class);
  }
}
