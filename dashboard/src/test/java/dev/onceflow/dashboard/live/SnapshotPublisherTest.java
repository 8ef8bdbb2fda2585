package dev.onceflow.dashboard.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.audit.AuditConfig;
import dev.onceflow.dashboard.audit.ExactlyOnceAudit;
import dev.onceflow.dashboard.stats.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotPublisherTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  private final DashboardConfig config =
      new SmallRyeConfigBuilder()
          .withConverter(Duration.class, 200, new DurationConverter()) // "2s", as Quarkus reads it
          .withMapping(DashboardConfig.class)
          .build()
          .getConfigMapping(DashboardConfig.class);
  private final AuditConfig auditConfig =
      new SmallRyeConfigBuilder()
          .withConverter(Duration.class, 200, new DurationConverter())
          .withMapping(AuditConfig.class)
          .build()
          .getConfigMapping(AuditConfig.class);
  private final SnapshotPublisher publisher =
      new SnapshotPublisher(
          LiveView.of(
                  clock,
                  config,
                  new ExactlyOnceAudit(clock, auditConfig, config, new SimpleMeterRegistry()))
              .assembler(),
          // As Quarkus configures it: instants as ISO-8601 text.
          new ObjectMapper()
              .findAndRegisterModules()
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

  @Test
  void everyViewerGetsTheLatestAtOnceThenEachSnapshotWhenItIsBuilt() {
    AssertSubscriber<String> first =
        publisher.stream().subscribe().withSubscriber(AssertSubscriber.create(10));
    AssertSubscriber<String> second =
        publisher.stream().subscribe().withSubscriber(AssertSubscriber.create(10));
    assertThat(first.getItems()).hasSize(1);
    assertThat(second.getItems()).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    publisher.publish();

    // No timer of its own: the new snapshot is there as soon as publish() returns.
    assertThat(first.getItems()).hasSize(2);
    assertThat(second.getItems()).hasSize(2);
    assertThat(first.getItems().get(1))
        .isEqualTo(publisher.latest())
        .contains("2026-11-27T10:00:01Z");
    assertThat(second.getItems()).isEqualTo(first.getItems());
  }

  @Test
  void aViewerThatCannotKeepUpMissesSnapshotsInsteadOfBufferingThem() {
    AssertSubscriber<String> slow =
        publisher.stream().subscribe().withSubscriber(AssertSubscriber.create(1));
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      publisher.publish();
    }
    assertThat(slow.getItems()).hasSize(1);
    slow.assertNotTerminated();

    slow.request(1);
    clock.advance(Duration.ofSeconds(1));
    publisher.publish();
    assertThat(slow.getItems()).hasSize(2);
    assertThat(slow.getItems().get(1)).isEqualTo(publisher.latest());
    slow.cancel();
  }
}
