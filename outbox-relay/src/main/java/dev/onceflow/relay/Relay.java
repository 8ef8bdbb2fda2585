package dev.onceflow.relay;

import dev.onceflow.relay.engine.Backoff;
import dev.onceflow.relay.engine.RelayEngine;
import dev.onceflow.relay.metrics.RelayMetrics;
import dev.onceflow.relay.publish.KafkaErrors;
import dev.onceflow.relay.source.Lsn;
import dev.onceflow.relay.source.ReplicationSlot;
import dev.onceflow.relay.source.SourceDatabase;
import dev.onceflow.relay.standby.ActivationClasses;
import dev.onceflow.relay.standby.ShardLock;
import dev.onceflow.relay.tracing.PublishSpans;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The relay's life: validate, then compete for the shard; while active, publish; on losing the
 * shard, stop publishing and stand by again; when fenced, stop for good.
 *
 * <p>A single leader thread drives every transition, so activation, deactivation and fencing never
 * race each other. The engine's own threads only report (streaming, failed, fenced).
 */
@ApplicationScoped
public class Relay {

  /** Exit status of a fenced instance (with {@code onceflow.relay.exit-on-fence}). */
  public static final int EXIT_FENCED = 3;

  private static final Logger LOG = Logger.getLogger(Relay.class);

  private final RelayConfig config;
  private final Config rawConfig;
  private final RelayMetrics metrics;
  private final PublishSpans spans;
  private final BlockingQueue<Object> wakeUps = new LinkedBlockingQueue<>();

  private Map<String, String> kafka;
  private SourceDatabase database;
  private ReplicationSlot slot;
  private Thread leader;
  private volatile boolean shuttingDown;
  private volatile RelayFenced fencedBy;
  private volatile RelayState state = RelayState.STARTING;
  private volatile RelayEngine engine;
  private volatile ReplicationSlot.Status slotStatus =
      new ReplicationSlot.Status(false, false, null, -1, -1);
  private volatile boolean databaseReachable;
  private volatile boolean fatal;
  private volatile String haltedBecause;
  private List<String> lastPending = List.of();

  Relay(RelayConfig config, Config rawConfig, RelayMetrics metrics, PublishSpans spans) {
    this.config = config;
    this.rawConfig = rawConfig;
    this.metrics = metrics;
    this.spans = spans;
  }

  void onStart(@Observes StartupEvent event) {
    kafka = KafkaPassThrough.read(rawConfig);
    RelayConfigValidator.require(config, kafka);
    database = new SourceDatabase(config.database());
    checkDatabaseAtStartup();
    slot = new ReplicationSlot(config.slot());
    LOG.infof(
        "Outbox relay, shard %s (%s): reading %s from %s via publication %s and slot %s",
        config.shardId(),
        config.delivery(),
        config.table(),
        database.describe(),
        config.publication(),
        config.slot());
    leader = new Thread(this::lead, "onceflow-relay-leader");
    leader.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    shuttingDown = true;
    wakeUps.offer(Boolean.TRUE);
    if (leader != null && leader != Thread.currentThread()) {
      try {
        leader.join(Duration.ofSeconds(90).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** This instance's state. */
  public RelayState state() {
    return state;
  }

  /** Whether this instance's engine streams from the slot. */
  public boolean streaming() {
    RelayEngine current = engine;
    return current != null && current.streaming();
  }

  /** Whether a failed batch waits for its retry. */
  public boolean retrying() {
    RelayEngine current = engine;
    return current != null && current.retrying();
  }

  /** The slot as last read (every standby poll interval). */
  public ReplicationSlot.Status slot() {
    return slotStatus;
  }

  /** Why this instance halted ({@link RelayState#HALTED}), or {@code null}. */
  public String haltedBecause() {
    return haltedBecause;
  }

  /** Whether the last attempt to reach the source database succeeded. */
  public boolean databaseReachable() {
    return databaseReachable;
  }

  private void lead() {
    Backoff backoff = new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff());
    int failures = 0;
    setState(RelayState.STANDBY);
    if (config.standbyPreload()) {
      ActivationClasses.preloadInBackground(Relay.class.getClassLoader());
    }
    ShardLock lock = new ShardLock(database, config.shardId(), config.lockSessionTimeout());
    try {
      while (!shuttingDown && fencedBy == null && !fatal && haltedBecause == null) {
        if (engine == null) {
          boolean acquired = lock.tryAcquire();
          databaseReachable = lock.connection() != null;
          if (!acquired) {
            setState(RelayState.STANDBY);
            refreshSlot(lock.connection());
            pause(config.standbyPollInterval());
            continue;
          }
          if (!activate(lock) && fencedBy == null) {
            pause(backoff.delay(++failures));
          }
          continue;
        }
        if (!lock.isHeld()) {
          databaseReachable = false;
          LOG.errorf(
              "Lost the lock of shard %s (its connection broke or was terminated): stopping"
                  + " publishing; another instance may take over, this one stands by",
              config.shardId());
          deactivate();
          setState(RelayState.STANDBY);
          continue;
        }
        if (engine.finished()) {
          LOG.errorf(
              engine.failure(),
              "The engine of shard %s stopped; restarting it from the offsets Kafka committed",
              config.shardId());
          deactivate();
          setState(RelayState.ACTIVATING);
          pause(backoff.delay(++failures));
          continue;
        }
        if (engine.streaming()) {
          // Only streaming counts as success: an engine that fails on start backs off further.
          failures = 0;
          setState(RelayState.ACTIVE);
        }
        refreshSlot(lock.connection());
        pause(config.standbyPollInterval());
      }
      if (fencedBy != null) {
        fence();
      } else if (haltedBecause != null) {
        setState(RelayState.HALTED);
      }
    } catch (RuntimeException | Error e) {
      LOG.errorf(e, "The relay's leader thread failed; stopping");
      if (!shuttingDown) {
        Quarkus.asyncExit(1);
      }
    } finally {
      // Stop publishing before releasing the lock, so that a standby starts after this one ended.
      deactivate();
      lock.close();
      if (state != RelayState.FENCED && state != RelayState.HALTED) {
        setState(RelayState.STOPPED);
      }
    }
  }

  /**
   * Fails start-up on what only an operator can fix; merely warns when the database cannot be
   * reached or the outbox is not set up yet, which the leader waits for.
   */
  private void checkDatabaseAtStartup() {
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
   * Whether the source database is ready for this shard to stream; on a fatal problem the relay
   * exits.
   */
  private boolean sourceReady(Connection connection) throws SQLException {
    SourceDatabase.Problems problems = database.problems(connection, config);
    if (!problems.fatal().isEmpty()) {
      RelayMisconfigured misconfigured = new RelayMisconfigured(problems.fatal());
      LOG.error(misconfigured.getMessage());
      fatal = true;
      Quarkus.asyncExit(1);
      return false;
    }
    if (!problems.pending().equals(lastPending)) {
      problems.pending().forEach(problem -> LOG.warnf("Waiting for the outbox: %s", problem));
      lastPending = problems.pending();
    }
    return problems.none();
  }

  /** Becomes the shard's publisher; {@code false} if it failed and should be retried. */
  private boolean activate(ShardLock lock) {
    setState(RelayState.ACTIVATING);
    try {
      // The slot is created only once the publication exists: pgoutput cannot decode WAL written
      // before its publication was created.
      if (!sourceReady(lock.connection())) {
        return false;
      }
    } catch (SQLException e) {
      LOG.warnf(e, "Checking %s failed; retrying", database.describe());
      return false;
    }
    LOG.infof("Acquired the lock of shard %s: activating", config.shardId());
    long acquired = System.nanoTime();
    RelayEngine activation = new RelayEngine(config, kafka, metrics, spans, this::onFenced);
    engine = activation;
    try {
      // Fence first: from here on no earlier instance can commit anything.
      activation.startPublisher();
      long fenced = System.nanoTime();
      String gap = sourceBehindKafka(activation, lock.connection());
      if (gap != null) {
        halt(gap);
        deactivate();
        return false;
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
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deactivate();
      return false;
    } catch (SQLException | RuntimeException e) {
      if (KafkaErrors.isFatal(e)) {
        onFenced(new RelayFenced("Kafka refused the producer: " + e, e));
      } else {
        LOG.errorf(e, "Activating shard %s failed; retrying", config.shardId());
      }
      deactivate();
      return false;
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

  private void halt(String reason) {
    haltedBecause = reason;
    LOG.errorf(
        "HALTED: shard %s stops publishing and waits for an operator: %s",
        config.shardId(), reason);
  }

  private void deactivate() {
    RelayEngine current = engine;
    if (current != null) {
      current.close();
      engine = null;
    }
  }

  private void onFenced(RelayFenced fenced) {
    if (fencedBy == null) {
      fencedBy = fenced;
    }
    wakeUps.offer(Boolean.TRUE);
  }

  private void fence() {
    setState(RelayState.FENCED);
    LOG.errorf(
        fencedBy,
        "FENCED: this instance of shard %s must not publish anymore (%s). Its producer is closed"
            + " and nothing it had not committed will appear in Kafka.%s",
        config.shardId(),
        fencedBy.getMessage(),
        config.exitOnFence() ? " Exiting with status " + EXIT_FENCED + "." : "");
    deactivate();
    if (config.exitOnFence()) {
      Quarkus.asyncExit(EXIT_FENCED);
    }
  }

  private void refreshSlot(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      slotStatus = slot.status(connection);
      metrics.slot(slotStatus);
    } catch (SQLException e) {
      LOG.debugf(e, "Reading the state of slot %s failed", config.slot());
    }
  }

  private void setState(RelayState newState) {
    if (state != newState) {
      LOG.infof("Shard %s: %s -> %s", config.shardId(), state, newState);
      state = newState;
      metrics.state(newState);
    }
  }

  private void pause(Duration duration) {
    try {
      wakeUps.poll(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shuttingDown = true;
    }
  }
}
