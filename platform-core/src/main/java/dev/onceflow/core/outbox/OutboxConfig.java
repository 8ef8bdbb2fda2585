package dev.onceflow.core.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the outbox writer, under {@code onceflow.outbox}. */
@ConfigMapping(prefix = "onceflow.outbox")
public interface OutboxConfig {

  /**
   * How long an outbox row stays in the table after its transaction commits. {@code 0} (the
   * default) deletes the row in the same transaction that inserted it: the relay reads the insert
   * from the WAL, so the table never grows and needs no vacuum or pruning. A positive value keeps
   * rows for inspection and re-publishing, pruned in small batches once they are older than this.
   */
  @WithDefault("0s")
  Duration retention();

  /**
   * How often rows older than {@link #retention()} are pruned; used only when retention is
   * positive.
   */
  @WithDefault("1m")
  Duration pruneInterval();

  /**
   * Rows deleted per pruning transaction, so pruning never holds long locks or bloats the WAL in
   * bursts.
   */
  @WithDefault("1000")
  int pruneBatchSize();

  /**
   * Refuse to record events while the relay's replication slot does not exist in this database. The
   * relay reads the outbox from that slot; an event written before the slot exists is never
   * published, so refusing it (the caller's transaction rolls back) turns a silent loss into an
   * error.
   */
  @WithDefault("true")
  boolean requireReplicationSlot();

  /**
   * Largest event payload, in bytes of UTF-8 JSON, that {@code Outbox.record} accepts; a larger one
   * fails with {@code EventTooLarge} and the caller's transaction rolls back. Keep it well below
   * the relay producer's {@code max.request.size} (1 MiB by default) and the topics' {@code
   * max.message.bytes}: PostgreSQL's jsonb re-renders the payload with added spaces, and headers
   * and key count too. An event Kafka refuses anyway goes to the relay's dead-letter topic.
   */
  @WithDefault("524288")
  int maxPayloadBytes();

  /** Name of the logical replication slot the relay reads the outbox from. */
  @WithDefault("onceflow_outbox")
  String replicationSlot();

  /** How long a successful check that the slot exists is trusted before it is made again. */
  @WithDefault("5s")
  Duration replicationSlotCheckInterval();
}
