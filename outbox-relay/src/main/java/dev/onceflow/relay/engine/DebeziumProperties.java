package dev.onceflow.relay.engine;

import dev.onceflow.contract.RelayShard;
import dev.onceflow.relay.Delivery;
import dev.onceflow.relay.RelayConfig;
import dev.onceflow.relay.offsets.RelayOffsetStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;

/**
 * The embedded engine's properties: the PostgreSQL connector reading the outbox publication with
 * {@code pgoutput}, and the offset store of the delivery mode (the relay routes the outbox rows
 * itself: {@link dev.onceflow.relay.publish.EventRecords}). Pass-through keys ({@code
 * onceflow.relay.debezium.*}) come first, so that nothing the guarantee depends on can be
 * overridden.
 */
public final class DebeziumProperties {

  /** Prefix of the logical decoding message the heartbeat writes into the WAL. */
  static final String HEARTBEAT_MESSAGE_PREFIX = "onceflow-heartbeat";

  /** Delay between Debezium's attempts to start streaming from a slot still held by a walsender. */
  static final Duration SLOT_RETRY_DELAY = Duration.ofMillis(250);

  /** How long Debezium keeps trying before the engine fails (and the relay restarts it). */
  static final Duration SLOT_RETRY_PATIENCE = Duration.ofSeconds(60);

  private DebeziumProperties() {}

  /** The engine's name: the namespace of its offsets, also the Kafka transactional id. */
  public static String engineName(String shardId) {
    return RelayShard.transactionalId(shardId);
  }

  /**
   * The connector's logical name ({@code topic.prefix}): its source partition is {@code {"server":
   * <this>}}.
   */
  public static String serverName(String shardId) {
    return "onceflow-" + shardId;
  }

  /** The file of the at-least-once offset store, absolute. */
  public static Path offsetsFile(RelayConfig config) {
    return config.offsetsFile().orElse(defaultOffsetsFile(config.shardId())).toAbsolutePath();
  }

  /** The default file of the at-least-once offset store. */
  public static Path defaultOffsetsFile(String shardId) {
    return Path.of("data", "onceflow-relay-" + shardId + ".offsets");
  }

  /** The engine's properties for {@code config}. */
  public static Properties of(RelayConfig config) {
    Properties properties = new Properties();
    properties.putAll(config.debezium());

    properties.setProperty("name", engineName(config.shardId()));
    properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    if (config.delivery() == Delivery.EXACTLY_ONCE) {
      properties.setProperty("offset.storage", RelayOffsetStore.class.getName());
    } else {
      properties.setProperty("offset.storage", FileOffsetBackingStore.class.getName());
      properties.setProperty("offset.storage.file.filename", offsetsFile(config).toString());
    }
    properties.setProperty(
        "offset.flush.interval.ms", Long.toString(config.offsetFlushInterval().toMillis()));

    properties.setProperty("database.hostname", config.database().host());
    properties.setProperty("database.port", Integer.toString(config.database().port()));
    properties.setProperty("database.dbname", config.database().name());
    properties.setProperty("database.user", config.database().user());
    properties.setProperty("database.password", config.database().password());
    properties.setProperty("topic.prefix", serverName(config.shardId()));

    properties.setProperty("plugin.name", "pgoutput");
    properties.setProperty("slot.name", config.slot());
    properties.setProperty("slot.drop.on.stop", "false");
    properties.setProperty("publication.name", config.publication());
    properties.setProperty("publication.autocreate.mode", "disabled");
    properties.setProperty("table.include.list", config.table());
    // Only what is committed after the slot exists is relayed; the table itself is never read.
    properties.setProperty("snapshot.mode", "no_data");
    properties.setProperty("tombstones.on.delete", "false");
    // Debezium's own context headers (connector name, task, run id) are not part of the contract.
    properties.setProperty("extended.headers.enabled", "false");

    // Debezium finds its resume position on a first replication stream, closes it and opens a
    // second one at once: if the first one's walsender has not exited yet, the slot is still
    // active and START_REPLICATION fails. Its stock retry waits 10 s (1 takeover in 12 measured
    // here); retrying every 250 ms with the same total patience (60 s) costs nothing.
    properties.putIfAbsent("slot.retry.delay.ms", Long.toString(SLOT_RETRY_DELAY.toMillis()));
    properties.putIfAbsent(
        "slot.max.retries", Long.toString(SLOT_RETRY_PATIENCE.dividedBy(SLOT_RETRY_DELAY)));

    properties.setProperty("max.batch.size", Integer.toString(config.maxBatchSize()));
    properties.setProperty("max.queue.size", Integer.toString(config.maxQueueSize()));
    properties.setProperty("poll.interval.ms", Long.toString(config.pollInterval().toMillis()));

    // A heartbeat writes a logical message the publication always carries, so the slot advances
    // even when only other tables change; the message itself is filtered out, its offset is kept.
    properties.setProperty(
        "heartbeat.interval.ms", Long.toString(config.heartbeatInterval().toMillis()));
    properties.setProperty(
        "heartbeat.action.query",
        "SELECT pg_logical_emit_message(false, '"
            + HEARTBEAT_MESSAGE_PREFIX
            + "', now()::varchar)");
    properties.setProperty("message.prefix.exclude.list", HEARTBEAT_MESSAGE_PREFIX);

    // No transforms: the relay routes outbox rows in its own code (EventRecords), one hand-off and
    // one record copy per event less than Debezium's Outbox Event Router.
    return properties;
  }
}
