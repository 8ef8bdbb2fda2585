package dev.onceflow.relay.metrics;

import dev.onceflow.contract.metrics.OnceflowMeters;
import dev.onceflow.relay.RelayConfig;
import dev.onceflow.relay.RelayState;
import dev.onceflow.relay.publish.PublishableEvent;
import dev.onceflow.relay.source.ReplicationSlot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The relay's Prometheus metrics, all named {@code onceflow_relay_*} and tagged with the shard and
 * the delivery mode.
 */
@ApplicationScoped
public class RelayMetrics {

  private final Counter eventsPublished;
  private final Counter committed;
  private final Counter aborted;
  private final Counter deadLetters;
  private final DistributionSummary batchSize;
  private final Timer commitToPublish;
  private final AtomicLong slotLagBytes = new AtomicLong(-1);
  private final AtomicLong lastPublishedLsn = new AtomicLong(-1);
  private final AtomicReference<RelayState> state = new AtomicReference<>(RelayState.STARTING);

  public RelayMetrics(MeterRegistry registry, RelayConfig config) {
    Tags tags =
        Tags.of(
            "shard",
            config.shardId(),
            "delivery",
            config.delivery().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    eventsPublished =
        Counter.builder(OnceflowMeters.RELAY_EVENTS_PUBLISHED)
            .description("Outbox events published (committed to Kafka, or acknowledged)")
            .tags(tags)
            .register(registry);
    committed =
        Counter.builder("onceflow.relay.transactions")
            .description(
                "Batches committed (exactly-once: Kafka transactions; at-least-once: batches"
                    + " acknowledged) or aborted (failed and retried)")
            .tags(tags.and("outcome", "committed"))
            .register(registry);
    aborted =
        Counter.builder("onceflow.relay.transactions")
            .description(
                "Batches committed (exactly-once: Kafka transactions; at-least-once: batches"
                    + " acknowledged) or aborted (failed and retried)")
            .tags(tags.and("outcome", "aborted"))
            .register(registry);
    deadLetters =
        Counter.builder("onceflow.relay.dead.letters")
            .description(
                "Outbox events Kafka will never accept, moved to the relay's dead-letter topic")
            .tags(tags)
            .register(registry);
    batchSize =
        DistributionSummary.builder("onceflow.relay.batch.size")
            .description("Events per published batch (batches holding only a heartbeat excluded)")
            .baseUnit("events")
            .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000, 2000, 4000, 8000)
            .tags(tags)
            .register(registry);
    commitToPublish =
        Timer.builder("onceflow.relay.commit.to.publish")
            .description("From the event's creation in the outbox to its Kafka commit")
            .serviceLevelObjectives(
                Duration.ofMillis(5),
                Duration.ofMillis(10),
                Duration.ofMillis(25),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30))
            // Buckets only: histogram_quantile over them aggregates across instances (Grafana's
            // panel does); client-side percentiles would cost every event a ring of histograms.
            .tags(tags)
            .register(registry);
    Gauge.builder(OnceflowMeters.RELAY_SLOT_LAG, slotLagBytes, AtomicLong::doubleValue)
        .description(
            "WAL the replication slot retains: current WAL position minus the slot's confirmed"
                + " position (-1 when unknown)")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry);
    Gauge.builder("onceflow.relay.last.published.lsn", lastPublishedLsn, AtomicLong::doubleValue)
        .description("Source LSN of the last batch committed to Kafka (-1 before the first)")
        .tags(tags)
        .register(registry);
    Gauge.builder(OnceflowMeters.RELAY_ACTIVE, state, s -> s.get() == RelayState.ACTIVE ? 1 : 0)
        .description("1 on the instance that holds the shard and publishes, 0 on a standby")
        .tags(tags)
        .register(registry);
    for (RelayState each : RelayState.values()) {
      Gauge.builder(OnceflowMeters.RELAY_STATE, state, s -> s.get() == each ? 1 : 0)
          .description("1 for this instance's current state")
          .tags(tags.and("state", each.name().toLowerCase(Locale.ROOT)))
          .register(registry);
    }
  }

  /** Records a batch Kafka committed at {@code committedAt}. */
  public void committed(List<PublishableEvent> events, Map<String, ?> offset, Instant committedAt) {
    committed.increment();
    if (!events.isEmpty()) {
      eventsPublished.increment(events.size());
      batchSize.record(events.size());
    }
    for (PublishableEvent event : events) {
      if (event.createdAt() != null) {
        long nanos = Duration.between(event.createdAt(), committedAt).toNanos();
        commitToPublish.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
      }
    }
    if (offset != null && offset.get("lsn") instanceof Number lsn) {
      lastPublishedLsn.set(lsn.longValue());
    }
  }

  /** Records events moved to the dead-letter topic in a batch Kafka committed. */
  public void deadLettered(long events) {
    if (events > 0) {
      deadLetters.increment(events);
    }
  }

  /** Records a batch that failed and was aborted. */
  public void aborted() {
    aborted.increment();
  }

  /** Records the slot's state as last read. */
  public void slot(ReplicationSlot.Status status) {
    slotLagBytes.set(status.exists() ? status.lagBytes() : -1);
  }

  /** Records the instance's state. */
  public void state(RelayState newState) {
    state.set(newState);
  }
}
