package dev.onceflow.core.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Prunes outbox rows older than {@code onceflow.outbox.retention} when rows are kept at all.
 * Deletes run in small batches, each in its own short transaction, so pruning never holds locks for
 * long.
 */
@ApplicationScoped
public class OutboxRetention {

  private static final Logger LOG = Logger.getLogger(OutboxRetention.class);
  private static final String PRUNE =
      "DELETE FROM outbox_event WHERE id IN (SELECT id FROM outbox_event WHERE created_at < ?1"
          + " ORDER BY created_at LIMIT ?2)";

  private final EntityManager entityManager;
  private final OutboxConfig config;
  private final Clock clock;
  private ScheduledExecutorService scheduler;

  OutboxRetention(EntityManager entityManager, OutboxConfig config, Clock clock) {
    this.entityManager = entityManager;
    this.config = config;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.retention().isNegative()) {
      throw new IllegalArgumentException(
          "onceflow.outbox.retention must not be negative, was " + config.retention());
    }
    if (config.pruneBatchSize() < 1) {
      throw new IllegalArgumentException(
          "onceflow.outbox.prune-batch-size must be at least 1, was " + config.pruneBatchSize());
    }
    if (config.retention().isZero()) {
      return;
    }
    long intervalMillis = config.pruneInterval().toMillis();
    if (intervalMillis < 1) {
      throw new IllegalArgumentException(
          "onceflow.outbox.prune-interval must be positive, was " + config.pruneInterval());
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "onceflow-outbox-retention");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::pruneQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /**
   * Deletes every row created before {@code now - retention}, one batch per transaction.
   *
   * @return the number of rows deleted
   */
  public int prune() {
    Instant cutoff = clock.instant().minus(config.retention());
    int total = 0;
    int deleted;
    do {
      deleted =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      entityManager
                          .createNativeQuery(PRUNE)
                          .setParameter(1, Timestamp.from(cutoff))
                          .setParameter(2, config.pruneBatchSize())
                          .executeUpdate());
      total += deleted;
    } while (deleted == config.pruneBatchSize());
    return total;
  }

  private void pruneQuietly() {
    try {
      int deleted = prune();
      if (deleted > 0) {
        LOG.debugf("Pruned %d outbox rows older than %s", deleted, config.retention());
      }
    } catch (RuntimeException e) {
      LOG.warn("Outbox pruning failed; it will be retried at the next interval", e);
    }
  }
}
