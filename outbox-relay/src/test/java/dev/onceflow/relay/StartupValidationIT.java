package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxDatabase;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.RelayProcess;
import dev.onceflow.relay.testing.RelayShard;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A relay that cannot work refuses to start, and its message names the key or the fix. */
class StartupValidationIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void refusesADatabaseWithoutLogicalDecodingAndSaysHowToFixIt() {
    try (LocalPostgres postgres =
        LocalPostgres.builder().serverConfig("wal_level", "replica").build().start()) {
      OutboxDatabase database = OutboxDatabase.create(postgres, "no_logical");
      Map<String, String> config = new LinkedHashMap<>();
      config.put("onceflow.relay.database.host", "127.0.0.1");
      config.put("onceflow.relay.database.port", Integer.toString(postgres.port()));
      config.put("onceflow.relay.database.name", database.name());
      config.put("onceflow.relay.database.user", database.relayRole());
      config.put("kafka.bootstrap.servers", LocalPlatformTestResource.kafka().bootstrapServers());
      RelayProcess relay =
          RelayProcess.of(config, database.relayPassword(), "no_logical.log").start();

      assertThat(relay.awaitExit(PATIENCE)).isNotZero();
      assertThat(relay.output())
          .contains("wal_level=replica")
          .contains("ALTER SYSTEM SET wal_level = logical")
          .doesNotContain("ACTIVE");
    }
  }

  @Test
  void waitsForTheOutboxMigrationThenCreatesTheSlotAndRelays() {
    OutboxDatabase database =
        OutboxDatabase.createWithoutOutbox(LocalPlatformTestResource.postgres(), "late_outbox");
    Map<String, String> config = new LinkedHashMap<>();
    config.put("onceflow.relay.shard-id", "late_outbox");
    config.put("onceflow.relay.slot", "late_outbox_slot");
    config.put("onceflow.relay.topic-prefix", "late_outbox." + OnceflowTopics.EVENT_TOPIC_PREFIX);
    config.put("onceflow.relay.offsets-topic", "late_outbox.relay.offsets");
    config.put("onceflow.relay.database.host", "127.0.0.1");
    config.put("onceflow.relay.database.port", Integer.toString(database.port()));
    config.put("onceflow.relay.database.name", database.name());
    config.put("onceflow.relay.database.user", database.relayRole());
    config.put("onceflow.relay.retry-max-backoff", "1s");
    config.put("kafka.bootstrap.servers", LocalPlatformTestResource.kafka().bootstrapServers());
    try (RelayProcess relay =
            RelayProcess.of(config, database.relayPassword(), "late_outbox.log").start();
        EventTopics events =
            new EventTopics(
                LocalPlatformTestResource.kafka().bootstrapServers(),
                List.of("late_outbox." + OnceflowTopics.ORDER_EVENTS))) {
      relay.awaitRole("activating", PATIENCE);
      await("the relay says what it waits for")
          .atMost(PATIENCE)
          .until(() -> relay.output().contains("Waiting for the outbox"));
      assertThat(database.confirmedFlushLsn("late_outbox_slot")).isEqualTo(-1);

      database.migrate();
      relay.awaitRole("active", PATIENCE);
      assertThat(database.confirmedFlushLsn("late_outbox_slot")).isNotNegative();
      database.write(List.of(OutboxRow.orderEvent("late-1", 1)), true);
      assertThat(events.pollUntilAtLeast(1, PATIENCE))
          .singleElement()
          .satisfies(event -> assertThat(event.key()).isEqualTo("late-1"));
    } finally {
      database.dropSlots();
    }
  }

  @Test
  void refusesInvalidSettingsNamingTheKey() {
    try (RelayShard shard = RelayShard.create("bad_config")) {
      RelayProcess invalid =
          shard
              .relay(
                  "exactly-once",
                  Map.of(
                      "onceflow.relay.max-queue-size", "100",
                      "kafka.transactional.id", "mine"))
              .start();
      assertThat(invalid.awaitExit(PATIENCE)).isNotZero();
      assertThat(invalid.output())
          .contains("onceflow.relay.max-queue-size: must be larger than")
          .contains("kafka.transactional.id: set by the relay");

      RelayProcess misspelt =
          shard.relay("exactly-once", Map.of("onceflow.relay.max-batch-sise", "10")).start();
      assertThat(misspelt.awaitExit(PATIENCE)).isNotZero();
      assertThat(misspelt.output()).contains("onceflow.relay.max-batch-sise");
    }
  }
}
