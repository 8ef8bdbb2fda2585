package dev.onceflow.dashboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.stats.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code onceflow.dashboard.audit.enabled}: on by default; off, the audit judges nothing. */
class AuditSwitchTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ExactlyOnceAudit audit(Map<String, String> properties) {
    var config =
        new SmallRyeConfigBuilder()
            .withConverter(Duration.class, 200, new DurationConverter())
            .withSources(new PropertiesConfigSource(properties, "test", 500))
            .withMapping(AuditConfig.class)
            .withMapping(DashboardConfig.class)
            .build();
    return new ExactlyOnceAudit(
        clock,
        config.getConfigMapping(AuditConfig.class),
        config.getConfigMapping(DashboardConfig.class),
        registry);
  }

  /** The same event id read at two offsets: a duplicate at Kafka, when the audit runs. */
  private static void duplicate(ExactlyOnceAudit audit) {
    Instant at = Instant.parse("2026-11-27T10:00:01Z");
    audit.published("e-1", "outbox.event.order", 0, 0, "order-1", 1L, at);
    audit.published("e-1", "outbox.event.order", 0, 1, "order-1", 1L, at);
    audit.check();
  }

  @Test
  void onByDefaultADuplicateIsReportedAndCounted() {
    ExactlyOnceAudit audit = audit(Map.of());
    duplicate(audit);

    assertThat(audit.enabled()).isTrue();
    assertThat(audit.proof("e-1")).isEqualTo("duplicate");
    AuditView view = audit.view(List.of("e-1"));
    assertThat(view.anomalies()).isEqualTo(1);
    assertThat(view.alerts()).hasSize(1);
    assertThat(registry.find(ExactlyOnceAudit.METRIC).tags("kind", "duplicate").counters())
        .anySatisfy(c -> assertThat(c.count()).isEqualTo(1));
  }

  @Test
  void offNothingIsJudgedShownOrCounted() {
    ExactlyOnceAudit audit = audit(Map.of("onceflow.dashboard.audit.enabled", "false"));
    duplicate(audit);
    audit.written("outbox.event.order", "order-2", 1, clock.instant(), "order-service");
    clock.advance(Duration.ofMinutes(10));
    audit.check();

    assertThat(audit.enabled()).isFalse();
    assertThat(audit.proof("e-1")).isNull();
    assertThat(audit.view(List.of("e-1"))).isNull();
    assertThat(registry.find(ExactlyOnceAudit.METRIC).meters()).isEmpty();
  }
}
