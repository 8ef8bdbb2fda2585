package dev.onceflow.relay;

import dev.onceflow.relay.engine.Backoff;
import dev.onceflow.relay.engine.DebeziumProperties;
import dev.onceflow.relay.engine.RelayEngine;
import dev.onceflow.relay.metrics.RelayMetrics;
import dev.onceflow.relay.offsets.OffsetsTail;
import dev.onceflow.relay.source.ReplicationSlot;
import dev.onceflow.relay.source.SourceDatabase;
import dev.onceflow.relay.standby.ActivationClasses;
import dev.onceflow.relay.standby.ShardLock;
import dev.onceflow.relay.standby.StandbyWarmUp;
import dev.onceflow.relay.tracing.PublishSpans;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
  private ShardActivation activation;
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
    slot = new ReplicationSlot(config.slot());
    activation = new ShardActivation(config, kafka, metrics, spans, database, slot, this::onFenced);
    activation.checkDatabaseAtStartup();
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
      ActivationClasses.preloadInBackground(
          Relay.class.getClassLoader(),
          new StandbyWarmUp(
              kafka,
              DebeziumProperties.engineName(config.shardId()),
              Set.of(config.offsetsTopic(), config.deadLetterTopic())));
    }
    ShardLock lock = new ShardLock(database, config.shardId(), config.lockSessionTimeout());
    // Read ahead while standing by, so that an activation reads only the offsets topic's tail.
    OffsetsTail offsetsTail =
        config.delivery() == Delivery.EXACTLY_ONCE
            ? new OffsetsTail(config.offsetsTopic(), kafka)
            : null;
    try {
      while (!shuttingDown && fencedBy == null && !fatal && haltedBecause == null) {
        if (engine == null) {
          // Queued on the lock for up to a poll interval: granted the moment the holder's session
          // ends, so no poll delay is added to a takeover.
          // Reachable is known before the wait: a standby is ready as soon as its session is open.
          databaseReachable = lock.connect();
          boolean acquired = lock.acquire(config.standbyPollInterval());
          databaseReachable = lock.connection() != null;
          if (!acquired) {
            setState(RelayState.STANDBY);
            refreshSlot(lock.connection());
            if (offsetsTail != null) {
              offsetsTail.advance();
            }
            if (!databaseReachable) {
              pause(config.standbyPollInterval());
            }
            continue;
          }
          setState(RelayState.ACTIVATING);
          ShardActivation.Outcome outcome = activation.start(lock, offsetsTail);
          engine = outcome.engine();
          if (outcome.fatal()) {
            fatal = true;
            Quarkus.asyncExit(1);
          } else if (outcome.halted() != null) {
            haltedBecause = outcome.halted();
          } else if (engine == null && fencedBy == null) {
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
      if (offsetsTail != null) {
        offsetsTail.close();
      }
      if (state != RelayState.FENCED && state != RelayState.HALTED) {
        setState(RelayState.STOPPED);
      }
    }
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
