package dev.onceflow.relay.engine;

import static dev.onceflow.relay.testing.TestConfigs.relayConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.relay.offsets.RelayOffsetStore;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.junit.jupiter.api.Test;

/** Pure logic: what the relay asks of Debezium in each mode. */
class DebeziumPropertiesTest {

  @Test
  void exactlyOnceReadsTheExistingPublicationAndStoresOffsetsInKafka() {
    Properties properties =
        DebeziumProperties.of(relayConfig(Map.of("onceflow.relay.shard-id", "eu1")));
    assertThat(properties)
        .containsEntry("name", "onceflow-relay-eu1")
        .containsEntry("offset.storage", RelayOffsetStore.class.getName())
        .containsEntry("offset.flush.interval.ms", "1000")
        .containsEntry("plugin.name", "pgoutput")
        .containsEntry("publication.autocreate.mode", "disabled")
        .containsEntry("snapshot.mode", "no_data")
        // The relay routes the outbox rows itself (EventRecords).
        .doesNotContainKey("transforms")
        .containsKey("heartbeat.action.query")
        .doesNotContainKey("lsn.flush.mode");
    assertThat(properties.getProperty("heartbeat.action.query"))
        .startsWith("SELECT pg_logical_emit_message(false,");
  }

  /**
   * A takeover races Debezium's own resume-position stream for the slot; with Debezium's stock 10 s
   * retry delay one takeover in twelve took 14 s instead of 4 (takeover benchmark).
   */
  @Test
  void aSlotStillHeldByAWalsenderIsRetriedWithinASecondForAMinute() {
    Properties properties = DebeziumProperties.of(relayConfig(Map.of()));
    long delay = Long.parseLong(properties.getProperty("slot.retry.delay.ms"));
    long retries = Long.parseLong(properties.getProperty("slot.max.retries"));
    assertThat(delay).isLessThanOrEqualTo(1_000);
    assertThat(delay * retries).isGreaterThanOrEqualTo(60_000);
  }

  @Test
  void slotRetriesCanBeTunedThroughThePassThrough() {
    Properties properties =
        DebeziumProperties.of(
            relayConfig(Map.of("onceflow.relay.debezium.\"slot.retry.delay.ms\"", "2000")));
    assertThat(properties).containsEntry("slot.retry.delay.ms", "2000");
  }

  @Test
  void atLeastOnceUsesTheStockFileStore() {
    Properties properties =
        DebeziumProperties.of(relayConfig(Map.of("onceflow.relay.delivery", "at-least-once")));
    assertThat(properties)
        .containsEntry("offset.storage", FileOffsetBackingStore.class.getName())
        .containsKey("offset.storage.file.filename");
  }

  @Test
  void passThroughKeysReachTheEngine() {
    Properties properties =
        DebeziumProperties.of(
            relayConfig(Map.of("onceflow.relay.debezium.\"status.update.interval.ms\"", "5000")));
    assertThat(properties).containsEntry("status.update.interval.ms", "5000");
  }
}
