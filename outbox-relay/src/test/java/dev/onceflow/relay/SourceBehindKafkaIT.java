package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.relay.engine.DebeziumProperties;
import dev.onceflow.relay.offsets.OffsetRecords;
import dev.onceflow.relay.offsets.OffsetsTopic;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.RelayProcess;
import dev.onceflow.relay.testing.RelayShard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The source database does not hold what Kafka says was published: the relay halts with a clear
 * alert (log, readiness down with the reason, {@code onceflow_relay_state{state="halted"}}) instead
 * of recreating the slot or skipping ahead, and publishes nothing.
 */
class SourceBehindKafkaIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Test
  void aMissingSlotWithStoredOffsetsHaltsAndIsNotRecreated() throws Exception {
    try (RelayShard shard = RelayShard.create("slot_lost");
        EventTopics events = shard.events()) {
      RelayProcess first =
          shard.relay("exactly-once", Map.of()).start().awaitRole("active", PATIENCE);
      shard.database().write(List.of(OutboxRow.orderEvent("slot-lost", 1)), true);
      events.pollUntilAtLeast(1, PATIENCE);
      first.stop();

      // As after a fail-over to a server that did not synchronise the slot.
      shard.database().dropSlots();
      shard.database().write(List.of(OutboxRow.orderEvent("slot-lost", 2)), true);

      RelayProcess second =
          shard.relay("exactly-once", Map.of()).start().awaitRole("halted", PATIENCE);
      assertThat(second.output())
          .contains("HALTED")
          .contains("replication slot " + shard.slot() + " does not exist")
          .contains("tombstone");
      assertThat(second.readiness().statusCode()).isEqualTo(503);
      assertThat(second.readiness().body()).contains("does not exist");
      assertThat(second.metrics())
          .containsPattern("onceflow_relay_state\\{[^}]*state=\"halted\"[^}]*} 1.0");
      assertThat(shard.database().confirmedFlushLsn(shard.slot()))
          .as("the slot is not recreated")
          .isEqualTo(-1);
      assertThat(second.isAlive()).isTrue();
      assertThat(events.poll()).hasSize(1);
    }
  }

  @Test
  void aDatabaseBehindTheCommittedPositionHaltsInsteadOfSkipping() throws Exception {
    try (RelayShard shard = RelayShard.create("restored");
        EventTopics events = shard.events()) {
      LocalPlatformTestResource.postgres()
          .ensureLogicalReplicationSlot(shard.database().name(), shard.slot());
      // Kafka committed a position 1 GiB ahead of this server's WAL: what a relay that ran
      // against this database before it was restored to an earlier point leaves behind.
      long ahead = shard.database().currentWalLsn() + (1L << 30);
      commitOffset(shard, ahead);
      long slotBefore = shard.database().confirmedFlushLsn(shard.slot());

      RelayProcess relay =
          shard.relay("exactly-once", Map.of()).start().awaitRole("halted", PATIENCE);
      shard.database().write(List.of(OutboxRow.orderEvent("restored", 1)), true);

      assertThat(relay.output()).contains("HALTED").contains("restored to an earlier point");
      assertThat(relay.readiness().statusCode()).isEqualTo(503);
      assertThat(relay.metrics())
          .containsPattern("onceflow_relay_state\\{[^}]*state=\"halted\"[^}]*} 1.0");
      assertThat(events.pollUntilQuiet(Duration.ofSeconds(3), PATIENCE)).isEmpty();
      assertThat(shard.database().confirmedFlushLsn(shard.slot())).isEqualTo(slotBefore);
      assertThat(relay.isAlive()).isTrue();
    }
  }

  private static void commitOffset(RelayShard shard, long lsn) throws Exception {
    String engine = DebeziumProperties.engineName(shard.shardId());
    OffsetsTopic topic =
        new OffsetsTopic(
            shard.offsetsTopic(),
            Map.of("bootstrap.servers", shard.bootstrapServers()),
            Duration.ofSeconds(30));
    try (Admin admin =
        Admin.create(Map.<String, Object>of("bootstrap.servers", shard.bootstrapServers()))) {
      topic.ensureExists(admin);
    }
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, shard.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      producer
          .send(
              new OffsetRecords(engine, shard.offsetsTopic())
                  .record(
                      Map.of("server", DebeziumProperties.serverName(shard.shardId())),
                      Map.of("lsn", lsn, "txId", 1L, "ts_usec", 1L)))
          .get();
    }
  }
}
