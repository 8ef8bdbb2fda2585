package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.LocalPostgres;
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
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
  private static final String STANDBY_SLOT = "onceflow_standby";

  @Test
  void theRelayFollowsAPromotedStandbyWithoutLossOrDuplicates() throws Exception {
    Path root = Files.createTempDirectory(Path.of("target"), "failover-").toAbsolutePath();
    Path primaryDirectory = root.resolve("primary");
    Path standbyDirectory = root.resolve("standby");
    LocalPostgres primary = LocalPostgres.builder().dataDirectory(primaryDirectory).build().start();
    LocalPostgres standby = null;
    LocalPostgres promoted = null;
    RelayProcess relay = null;
    boolean passed = false;
    try {
      int address = primary.port();
      OutboxDatabase database = OutboxDatabase.create(primary, NAME);
      execute(primary, "SELECT pg_create_physical_replication_slot('" + STANDBY_SLOT + "')");

      // A standby from a copy of the cleanly stopped primary, as pg_basebackup would make it:
      // without the primary's replication slots.
      primary.stop();
      copy(primaryDirectory, standbyDirectory);
      Files.createFile(standbyDirectory.resolve("pgdata/standby.signal"));
      primary.start();
      standby =
          LocalPostgres.builder()
              .dataDirectory(standbyDirectory)
              .serverConfig(
                  "primary_conninfo",
                  "'host=127.0.0.1 port="
                      + address
                      + " user="
                      + primary.superuser()
                      + " password="
                      + primary.superuserPassword()
                      + " dbname=postgres'")
              .serverConfig("primary_slot_name", "'" + STANDBY_SLOT + "'")
              .serverConfig("hot_standby_feedback", "on")
              .serverConfig("sync_replication_slots", "on")
              .build()
              .start();
      LocalPostgres streaming = standby;
      await("the standby streams")
          .atMost(PATIENCE)
          .until(
              () ->
                  number(
                          primary,
                          "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
                      == 1);
      // Commits wait for the standby; the relay is sent nothing the standby has not received.
      execute(primary, "ALTER SYSTEM SET synchronous_standby_names = '*'");
      execute(primary, "ALTER SYSTEM SET synchronized_standby_slots = '" + STANDBY_SLOT + "'");
      execute(primary, "SELECT pg_reload_conf()");

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
        String slot = NAME + "_slot";
        // A synchronised slot stays temporary (and is dropped at promotion) until the standby has
        // caught up with the slot's position on the primary.
        await("the standby holds a persistent synchronised copy of the relay's slot")
            .atMost(PATIENCE)
            .until(
                () ->
                    number(
                            streaming,
                            "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                                + slot
                                + "' AND synced AND failover AND NOT temporary")
                        == 1);

        primary.crash();
        execute(standby, "SELECT pg_promote(true, 60)");
        standby.stop();
        standby = null;
        // The promoted server takes over the primary's address, as the read-write Service would.
        promoted =
            LocalPostgres.builder().dataDirectory(standbyDirectory).port(address).build().start();
        int afterFailover = events.poll().size();
        await("the relay publishes from the new primary")
            .atMost(PATIENCE)
            .until(() -> events.poll().size() >= afterFailover + 300);

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
      for (LocalPostgres server : new LocalPostgres[] {promoted, standby, primary}) {
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

  private static void execute(LocalPostgres server, String sql) throws SQLException {
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long number(LocalPostgres server, String sql) {
    try (Connection connection = server.connect("postgres");
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path relative = from.relativize(path);
        String name = relative.toString();
        if (name.startsWith("pgdata/pg_replslot/")
            || name.equals("pgdata/postmaster.pid")
            || name.endsWith("postgresql.log")) {
          continue;
        }
        // PostgreSQL refuses a data directory with wider permissions than its own.
        Files.copy(path, to.resolve(relative), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
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
