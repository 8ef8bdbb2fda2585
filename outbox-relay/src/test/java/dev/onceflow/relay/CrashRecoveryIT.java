package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.relay.testing.DeliveryAudit;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.ReceivedEvent;
import dev.onceflow.relay.testing.RelayProcess;
import dev.onceflow.relay.testing.RelayShard;
import dev.onceflow.relay.testing.SteadyWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract test of the guarantee: the packaged relay is killed with SIGKILL again and again
 * while a steady load writes to the outbox, and a {@code read_committed} consumer counts what
 * arrived. Exactly-once must show no loss, no duplicate, no reordering; the same scenario in
 * at-least-once mode must show duplicates, which proves the test can see them.
 *
 * <p>The relay runs as production runs it, two replicas of the shard: each kill hits the active one
 * mid-stream, the standby takes over (restoring the offset from Kafka), and a new process starts as
 * the next standby.
 */
class CrashRecoveryIT {

  private static final Duration WRITE_PERIOD = Duration.ofMillis(5);
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  /** A standby must publish again within seconds of the active one's death (generous bound). */
  private static final Duration TAKEOVER = Duration.ofSeconds(30);

  @Test
  void exactlyOnceLosesNothingAndDuplicatesNothingAcrossKills() {
    try (RelayShard shard = RelayShard.create("crash_eos")) {
      DeliveryAudit audit = killRepeatedlyUnderLoad(shard, "exactly-once", Map.of(), 5);
      assertThat(audit).isEqualTo(new DeliveryAudit(0, 0, 0, 0));
    }
  }

  @Test
  void atLeastOnceLosesNothingButDuplicatesAcrossKills() {
    try (RelayShard shard = RelayShard.create("crash_alo")) {
      // Offsets flushed every 10 s: the kills land between sending and flushing.
      DeliveryAudit audit =
          killRepeatedlyUnderLoad(
              shard, "at-least-once", Map.of("onceflow.relay.offset-flush-interval", "10s"), 3);
      assertThat(audit.lost()).isZero();
      assertThat(audit.phantoms()).isZero();
      assertThat(audit.duplicates()).isPositive();
      // The duplicates come from crashes between flushes, not from flushes that never happen.
      assertThat(Path.of(shard.relayConfig("at-least-once").get("onceflow.relay.offsets-file")))
          .isNotEmptyFile();
    }
  }

  private static DeliveryAudit killRepeatedlyUnderLoad(
      RelayShard shard, String delivery, Map<String, String> overrides, int kills) {
    Random random = new Random(7);
    try (SteadyWriter writer = new SteadyWriter(shard.database(), 50, shard.shardId());
        EventTopics events = shard.events()) {
      RelayProcess active = shard.relay(delivery, overrides).start().awaitRole("active", PATIENCE);
      RelayProcess standby =
          shard.relay(delivery, overrides).start().awaitRole("standby", PATIENCE);
      writer.start(WRITE_PERIOD);
      Duration slowestTakeover = Duration.ZERO;
      for (int kill = 1; kill <= kills; kill++) {
        // Kill mid-stream: once this incarnation has published a few hundred more events.
        int target = events.poll().size() + 200 + random.nextInt(400);
        await("progress before kill " + kill)
            .atMost(PATIENCE)
            .until(() -> events.poll().size() >= target);
        standby.awaitRole("standby", PATIENCE);
        active.kill();
        long killedAt = System.nanoTime();
        standby.awaitRole("active", TAKEOVER);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        slowestTakeover = takeover.compareTo(slowestTakeover) > 0 ? takeover : slowestTakeover;
        active = standby;
        standby = shard.relay(delivery, overrides).start();
      }
      List<OutboxRow> committed = writer.stop();
      Set<UUID> expected = new HashSet<>();
      committed.forEach(row -> expected.add(row.id()));
      events.pollUntil(PATIENCE, received -> ids(received).containsAll(expected));
      List<ReceivedEvent> received = events.pollUntilQuiet(Duration.ofSeconds(3), PATIENCE);
      DeliveryAudit audit = DeliveryAudit.of(committed, received);
      System.out.printf(
          "%s: %d committed (%d rolled back transactions), %d received, %s, slowest takeover %d"
              + " ms%n",
          delivery,
          committed.size(),
          writer.rolledBack(),
          received.size(),
          audit,
          slowestTakeover.toMillis());
      assertThat(committed).hasSizeGreaterThan(1_000);
      assertThat(writer.rolledBack()).isPositive();
      active.stop();
      standby.stop();
      return audit;
    }
  }

  private static Set<UUID> ids(List<ReceivedEvent> received) {
    Set<UUID> ids = new HashSet<>();
    for (ReceivedEvent event : received) {
      ids.add(UUID.fromString(event.headers().get("id")));
    }
    return ids;
  }
}
