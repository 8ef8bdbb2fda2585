package dev.onceflow.core.inbox.dedupe;

import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.InboxPruner;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every {@code dedupe.prune-interval}, deletes this consumer's inbox entries older than {@code
 * dedupe.window}, {@code dedupe.prune-batch-size} rows per transaction (see {@link InboxPruner} for
 * why batches and what they cost).
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class DedupeWindowPruning {

  private static final Logger LOG = Logger.getLogger(DedupeWindowPruning.class);

  private final InboxPruner pruner;
  private final InboxConfig config;
  private ScheduledExecutorService scheduler;

  DedupeWindowPruning(InboxPruner pruner, InboxConfig config) {
    this.pruner = pruner;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    long interval = config.dedupe().pruneInterval().toMillis();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "onceflow-inbox-pruning");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(this::pruneQuietly, interval, interval, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** Prunes now; returns the number of entries deleted. */
  public long prune() {
    return pruner.prune(
        config.consumerName(), config.dedupe().window(), config.dedupe().pruneBatchSize());
  }

  private void pruneQuietly() {
    try {
      long deleted = prune();
      if (deleted > 0) {
        LOG.infof("Pruned %d inbox entries older than %s", deleted, config.dedupe().window());
      }
    } catch (RuntimeException e) {
      LOG.warn("Inbox pruning failed; it will run again at the next interval", e);
    }
  }
}
