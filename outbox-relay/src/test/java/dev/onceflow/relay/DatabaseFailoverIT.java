package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.StreamingStandby;
import dev.onceflow.relay.testing.DeliveryAudit;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxDatabase;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.ReceivedEvent;
import dev.onceflow.relay.testing.RelayProcess;
import dev.onceflow.relay.testing.SteadyWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL 17 streaming standby next to the primary, synchronous, synchronising the
 * relay's failover slot. Mid-load the primary crashes, the standby is promoted and takes over the
 * primary's address (as CloudNativePG's read-write Service does); the relay follows it from the
 * synchronised slot: nothing lost, nothing published twice.
 */
class DatabaseFailoverIT {

  private static final Duration PATIENCE = Duration.ofSeconds(180);
  private static final String NAME = "failover";

  @Test
  void theRelayFollowsAPromotedStandbyWithoutLossOrDuplicates() throws Exception {
    Path root = Files.createTempDirectory(Path.of("target"), "failover-").toAbsolutePath();
    LocalPostgres primary =
        LocalPostgres.builder().dataDirectory(root.resolve("primary")).build().start();
    StreamingStandby standby = null;
    LocalPostgres promoted = null;
    RelayProcess relay = null;
    boolean passed = false;
    try {
      int address = primary.port();
      OutboxDatabase database = OutboxDatabase.create(primary, NAME);
      // Synchronous, synchronising failover slots: the relay is sent nothing the standby lacks.
      standby =
          StreamingStandby.start(
              primary, root.resolve("standby"), root.resolve("standby.log"), PATIENCE);

      String topicPrefix = NAME + "." + OnceflowTopics.EVENT_TOPIC_PREFIX;
      String eventTopic = topicPrefix + "order";
      LocalPlatformTestResource.kafka().createTopic(eventTopic, 3, Map.of());
      relay = relay(database, address, topicPrefix).start().awaitRole("active", PATIENCE);
      try (SteadyWriter writer = new SteadyWriter(database, 20, NAME).tolerateOutages();
          EventTopics events =
              new EventTopics(
                  LocalPlatformTestResource.kafka().bootstrapServers(), List.of(eventTopic))) {
        writer.start(Duration.ofMillis(10));
        await().atMost(PATIENCE).until(() -> events.poll().size() >= 200);
        // A synchronised slot stays temporary (and is dropped at promotion) until the standby has
        // caught up with the slot's position on the primary.
        standby.awaitSlotSynchronised(NAME + "_slot", PATIENCE);

        // The promoted server takes over the primary's address, as the read-write Service would.
        promoted = standby.promote();
        standby = null;
        int afterFailover = events.poll().size();
        try {
          await("the relay publishes from the new primary")
              .atMost(PATIENCE)
              .failFast("the writer failed", writer::assertRunning)
              .until(() -> events.poll().size() >= afterFailover + 300);
        } catch (ConditionTimeoutException e) {
          // Say which side stalled: the writer (no commit since the failover) or the relay.
          throw new AssertionError(
              "no new events from the new primary; the writer's last commit was at "
                  + writer.lastCommit(),
              e);
        }

        List<OutboxRow> committed = writer.stop();
        List<OutboxRow> uncertain = writer.uncertain();
        events.pollUntilAtLeast(committed.size(), PATIENCE);
        List<ReceivedEvent> received = events.pollUntilQuiet(Duration.ofSeconds(3), PATIENCE);
        // A transaction whose commit failed with the crash may have committed or not: it counts
        // only if it arrived, and then it must arrive once.
        Set<String> arrived =
            received.stream()
                .map(e -> e.headers().get(OnceflowHeaders.EVENT_ID))
                .collect(Collectors.toSet());
        List<OutboxRow> expected = new ArrayList<>(committed);
        uncertain.stream()
            .filter(row -> arrived.contains(row.id().toString()))
            .forEach(expected::add);
        System.out.printf(
            "FAILOVER: %d committed, %d uncertain (%d of them arrived), %d received%n",
            committed.size(),
            uncertain.size(),
            expected.size() - committed.size(),
            received.size());
        assertThat(DeliveryAudit.of(expected, received)).isEqualTo(new DeliveryAudit(0, 0, 0, 0));
        assertThat(relay.isAlive()).isTrue();
        assertThat(relay.output()).doesNotContain("HALTED");
      }
      passed = true;
    } finally {
      if (relay != null) {
        relay.close();
      }
      if (standby != null) {
        standby.close();
      }
      for (LocalPostgres server : new LocalPostgres[] {promoted, primary}) {
        if (server != null && server.isRunning()) {
          server.stop();
        }
      }
      if (passed) {
        deleteRecursively(root);
      }
    }
  }

  private static RelayProcess relay(OutboxDatabase database, int port, String topicPrefix) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("onceflow.relay.shard-id", NAME);
    config.put("onceflow.relay.database.host", "127.0.0.1");
    config.put("onceflow.relay.database.port", Integer.toString(port));
    config.put("onceflow.relay.database.name", database.name());
    config.put("onceflow.relay.database.user", database.relayRole());
    config.put("onceflow.relay.slot", NAME + "_slot");
    config.put("onceflow.relay.topic-prefix", topicPrefix);
    config.put("onceflow.relay.offsets-topic", NAME + "." + OnceflowTopics.RELAY_OFFSETS);
    config.put("onceflow.relay.dead-letter-topic", NAME + "." + OnceflowTopics.RELAY_DEAD_LETTERS);
    config.put("onceflow.relay.heartbeat-interval", "1s");
    config.put("onceflow.relay.slot-release-timeout", "2s");
    config.put("onceflow.relay.retry-max-backoff", "2s");
    config.put("kafka.bootstrap.servers", LocalPlatformTestResource.kafka().bootstrapServers());
    return RelayProcess.of(config, database.relayPassword(), NAME + ".log");
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
