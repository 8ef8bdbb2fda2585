package dev.onceflow.relay;

import dev.onceflow.relay.engine.RelayEngine;
import dev.onceflow.relay.metrics.RelayMetrics;
import dev.onceflow.relay.offsets.OffsetsTail;
import dev.onceflow.relay.publish.KafkaErrors;
import dev.onceflow.relay.source.Lsn;
import dev.onceflow.relay.source.ReplicationSlot;
import dev.onceflow.relay.source.SourceDatabase;
import dev.onceflow.relay.standby.ShardLock;
import dev.onceflow.relay.tracing.PublishSpans;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The activation sequence of the instance that holds the shard lock: check the source database,
 * fence earlier instances and restore the committed position, check that the database still holds
 * that position, then start streaming. Runs on the relay's leader thread only.
 */
final class ShardActivation {

  private static final Logger LOG = Logger.getLogger(ShardActivation.class);

  /**
   * How an activation ended: {@code engine} streams (or starts to), or it is {@code null} and
   * {@code halted} says why the source database cannot continue, {@code fatal} that only an
   * operator can fix the set-up, or neither that it should be retried.
   */
  record Outcome(RelayEngine engine, String halted, boolean fatal) {
    static Outcome retry() {
      return new Outcome(null, null, false);
    }
  }

  private final RelayConfig config;
  private final Map<String, String> kafka;
  private final RelayMetrics metrics;
  private final PublishSpans spans;
  private final SourceDatabase database;
  private final ReplicationSlot slot;
  private final Consumer<RelayFenced> onFenced;
  private List<String> lastPending = List.of();

  ShardActivation(
      RelayConfig config,
      Map<String, String> kafka,
      RelayMetrics metrics,
      PublishSpans spans,
      SourceDatabase database,
      ReplicationSlot slot,
      Consumer<RelayFenced> onFenced) {
    this.config = config;
    this.kafka = kafka;
    this.metrics = metrics;
    this.spans = spans;
    this.database = database;
    this.slot = slot;
    this.onFenced = onFenced;
  }

  /**
   * Fails start-up on what only an operator can fix; merely warns when the database cannot be
   * reached or the outbox is not set up yet, which the leader waits for.
   */
  void checkDatabaseAtStartup() {
    try (Connection connection = database.connect("onceflow-relay-check")) {
      SourceDatabase.Problems problems = database.problems(connection, config);
      if (!problems.fatal().isEmpty()) {
        throw new RelayMisconfigured(problems.fatal());
      }
      problems.pending().forEach(problem -> LOG.warnf("Waiting for the outbox: %s", problem));
    } catch (SQLException e) {
      LOG.warnf("Cannot reach %s yet (%s); will keep trying", database.describe(), e.getMessage());
    }
  }

  /**
   * Becomes the shard's publisher, holding {@code lock}; reads the offsets topic with {@code
   * offsetsTail} (exactly-once mode; {@code null} otherwise).
   */
  Outcome start(ShardLock lock, OffsetsTail offsetsTail) {
    try {
      // The slot is created only once the publication exists: pgoutput cannot decode WAL written
      // before its publication was created.
      SourceDatabase.Problems problems = database.problems(lock.connection(), config);
      if (!problems.fatal().isEmpty()) {
        LOG.error(new RelayMisconfigured(problems.fatal()).getMessage());
        return new Outcome(null, null, true);
      }
      if (!problems.pending().equals(lastPending)) {
        problems.pending().forEach(problem -> LOG.warnf("Waiting for the outbox: %s", problem));
        lastPending = problems.pending();
      }
      if (!problems.none()) {
        return Outcome.retry();
      }
    } catch (SQLException e) {
      LOG.warnf(e, "Checking %s failed; retrying", database.describe());
      return Outcome.retry();
    }
    LOG.infof("Acquired the lock of shard %s: activating", config.shardId());
    long acquired = System.nanoTime();
    RelayEngine activation = new RelayEngine(config, kafka, metrics, spans, onFenced);
    try {
      // Fence first: from here on no earlier instance can commit anything.
      activation.startPublisher(offsetsTail);
      long fenced = System.nanoTime();
      String gap = sourceBehindKafka(activation, lock.connection());
      if (gap != null) {
        LOG.errorf(
            "HALTED: shard %s stops publishing and waits for an operator: %s",
            config.shardId(), gap);
        activation.close();
        return new Outcome(null, gap, false);
      }
      slot.ensureExists(lock.connection());
      slot.awaitReleased(lock.connection(), config.slotReleaseTimeout());
      long slotFree = System.nanoTime();
      activation.startStreaming();
      // What a takeover spends where (the takeover benchmark reads this line).
      LOG.infof(
          "Shard %s: producer fenced the previous holder and offsets read in %d ms, slot checked"
              + " and free in %d ms, engine starting",
          config.shardId(),
          TimeUnit.NANOSECONDS.toMillis(fenced - acquired),
          TimeUnit.NANOSECONDS.toMillis(slotFree - fenced));
      return new Outcome(activation, null, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      activation.close();
      return Outcome.retry();
    } catch (SQLException | RuntimeException e) {
      if (KafkaErrors.isFatal(e)) {
        onFenced.accept(new RelayFenced("Kafka refused the producer: " + e, e));
      } else {
        LOG.errorf(e, "Activating shard %s failed; retrying", config.shardId());
      }
      activation.close();
      return Outcome.retry();
    }
  }

  /**
   * Why the source database cannot continue from the position Kafka committed for this shard, or
   * {@code null} if it can. Kafka's position is the truth about what was published; a database that
   * does not reach it has lost history the relay must not paper over.
   */
  private String sourceBehindKafka(RelayEngine activation, Connection connection)
      throws SQLException {
    OptionalLong committed = activation.committedLsn();
    if (committed.isEmpty()) {
      return null;
    }
    String position = Lsn.format(committed.getAsLong());
    if (!slot.status(connection).exists()) {
      return "replication slot "
          + config.slot()
          + " does not exist although Kafka holds offsets of shard "
          + config.shardId()
          + " up to LSN "
          + position
          + " (slot dropped, or a fail-over to a server that did not synchronise it). Recreating"
          + " it would silently lose every outbox event committed after that LSN, so the relay"
          + " does not. Recover the slot (fail over to a standby that has it), or accept the"
          + " loss: re-publish the missing events from the outbox table if it keeps rows, then"
          + " write a tombstone for the shard's key to "
          + config.offsetsTopic()
          + " and restart the relay.";
    }
    long server = ReplicationSlot.currentWalLsn(connection);
    if (server < committed.getAsLong()) {
      return "the database's WAL position "
          + Lsn.format(server)
          + " is below LSN "
          + position
          + " that Kafka committed for shard "
          + config.shardId()
          + ": the database was restored to an earlier point (or is another server). Streaming"
          + " would silently skip every event up to that LSN. Check which events the restore"
          + " lost and re-publish them, then write a tombstone for the shard's key to "
          + config.offsetsTopic()
          + " and restart the relay.";
    }
    return null;
  }
}
