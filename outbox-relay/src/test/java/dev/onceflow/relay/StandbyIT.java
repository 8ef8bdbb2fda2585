package dev.onceflow.relay;

import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.GAUGE;
import static dev.onceflow.contract.metrics.OnceflowMeters.RELAY_ACTIVE;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.relay.testing.DeliveryAudit;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxDatabase;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.ReceivedEvent;
import dev.onceflow.relay.testing.RelayProcess;
import dev.onceflow.relay.testing.RelayShard;
import dev.onceflow.relay.testing.SteadyWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one shard, as packaged processes: the second stands by without fencing the
 * first, and a zombie (an active instance frozen while a standby took over) publishes nothing more
 * once it wakes up.
 */
class StandbyIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  /**
   * A frozen active instance ({@code SIGSTOP}) keeps its TCP sessions open, so nothing but the
   * server-side bound on its lock session ({@code lock-session-timeout}) lets the standby in. Once
   * resumed, the old instance publishes nothing: it is fenced or finds it lost the lock.
   */
  @Test
  void aFrozenActiveIsReplacedWithinTheBoundAndPublishesNothingWhenItWakes() throws Exception {
    try (RelayShard shard = RelayShard.create("frozen");
        SteadyWriter writer = new SteadyWriter(shard.database(), 20, "frozen");
        EventTopics events = shard.events()) {
      RelayProcess first =
          shard.relay("exactly-once", Map.of()).start().awaitRole("active", PATIENCE);
      RelayProcess second =
          shard.relay("exactly-once", Map.of()).start().awaitRole("standby", PATIENCE);
      writer.start(Duration.ofMillis(10));
      await().atMost(PATIENCE).until(() -> events.poll().size() >= 100);

      // No help from the test: the frozen instance's sessions stay open, as after a power loss
      // behind a NAT or a paused VM.
      first.pause();
      long frozenAt = System.nanoTime();
      int beforeTakeover = events.poll().size();
      second.awaitRole("active", Duration.ofSeconds(90));
      await("the standby publishes")
          .atMost(PATIENCE)
          .until(() -> events.poll().size() >= beforeTakeover + 50);
      Duration takeover = Duration.ofNanos(System.nanoTime() - frozenAt);
      System.out.printf(
          "TAKEOVER after SIGSTOP: %d ms until the standby published%n", takeover.toMillis());
      // The documented bound is 30 s on an unloaded machine; this machine's cores are shared, so
      // the assertion only catches "never" or "minutes".
      assertThat(takeover).isLessThan(Duration.ofSeconds(90));

      double publishedBeforeResume = second.metric("onceflow_relay_events_published_total");
      first.resume();
      await("the resumed instance stops or stands by")
          .atMost(PATIENCE)
          .until(() -> !first.isAlive() || first.role().equals(Optional.of("standby")));
      assertThat(first.output()).containsAnyOf("FENCED", "Lost the lock");
      if (!first.isAlive()) {
        assertThat(first.awaitExit(Duration.ofSeconds(5))).isEqualTo(Relay.EXIT_FENCED);
      }
      assertThat(second.role()).contains("active");

      int afterResume = events.poll().size();
      await().atMost(PATIENCE).until(() -> events.poll().size() >= afterResume + 200);
      assertThat(second.metric("onceflow_relay_events_published_total"))
          .isGreaterThan(publishedBeforeResume);
      List<OutboxRow> committed = writer.stop();
      events.pollUntilAtLeast(committed.size(), PATIENCE);
      List<ReceivedEvent> received = events.pollUntilQuiet(Duration.ofSeconds(3), PATIENCE);
      assertThat(DeliveryAudit.of(committed, received)).isEqualTo(new DeliveryAudit(0, 0, 0, 0));
    }
  }

  @Test
  void aFencedZombiePublishesNothingMore() throws Exception {
    try (RelayShard shard = RelayShard.create("zombie");
        SteadyWriter writer = new SteadyWriter(shard.database(), 20, "zombie");
        EventTopics events = shard.events()) {
      OutboxDatabase database = shard.database();
      RelayProcess first =
          shard.relay("exactly-once", Map.of()).start().awaitRole("active", PATIENCE);
      RelayProcess second =
          shard.relay("exactly-once", Map.of()).start().awaitRole("standby", PATIENCE);
      // A standby is ready (able to take over), so a PodDisruptionBudget counts it as healthy.
      assertThat(second.readiness().statusCode()).isEqualTo(200);
      assertThat(first.metrics())
          .contains(prometheus(RELAY_ACTIVE, GAUGE) + "{delivery=\"exactly-once\"");

      writer.start(Duration.ofMillis(10));
      await().atMost(PATIENCE).until(() -> events.poll().size() >= 100);

      // The active instance freezes with its connections open, as in a long GC pause; its
      // lock session then dies, as with a network cut.
      first.pause();
      database.terminateBackend(database.shardLockHolder().orElseThrow());
      second.awaitRole("active", Duration.ofSeconds(30));
      int afterTakeover = events.poll().size();
      await().atMost(PATIENCE).until(() -> events.poll().size() >= afterTakeover + 200);

      first.resume();
      await("the zombie stops or stands by")
          .atMost(PATIENCE)
          .until(() -> !first.isAlive() || first.role().equals(Optional.of("standby")));
      assertThat(first.output()).containsAnyOf("FENCED", "Lost the lock");
      if (!first.isAlive()) {
        assertThat(first.awaitExit(Duration.ofSeconds(5))).isEqualTo(Relay.EXIT_FENCED);
      }

      int afterZombie = events.poll().size();
      await().atMost(PATIENCE).until(() -> events.poll().size() >= afterZombie + 200);
      List<OutboxRow> committed = writer.stop();
      events.pollUntilAtLeast(committed.size(), PATIENCE);
      List<ReceivedEvent> received = events.pollUntilQuiet(Duration.ofSeconds(3), PATIENCE);
      assertThat(DeliveryAudit.of(committed, received)).isEqualTo(new DeliveryAudit(0, 0, 0, 0));
    }
  }
}
