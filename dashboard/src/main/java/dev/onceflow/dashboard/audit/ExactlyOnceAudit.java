package dev.onceflow.dashboard.audit;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.dashboard.DashboardConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live exactly-once audit: fed by the Kafka ingest (event records, journal entries) and by
 * {@link WrittenWatermark} (what the services wrote), judged every second, shown in each snapshot
 * and counted in {@value #METRIC} (tags {@code consumer}, {@code kind}; see docs/runbook.md).
 * Switched off ({@code audit.enabled=false}) it takes records without looking at them: no memory,
 * no judgement, no view, no metric.
 */
// Created at start-up, so its counters exist at zero before the first scrape.
@Startup
@ApplicationScoped
public class ExactlyOnceAudit {

  /** The Micrometer name of the anomaly counter: {@code onceflow_audit_anomalies_total}. */
  public static final String METRIC = "onceflow.audit.anomalies";

  private final Clock clock;
  private final AuditConfig config;
  private final boolean enabled;
  private final String eventTopicPrefix;
  private final MeterRegistry registry;
  private final Instant startedAt;
  private final AnomalyLog log;
  private final Reconciler reconciler;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public ExactlyOnceAudit(
      Clock clock, AuditConfig config, DashboardConfig dashboard, MeterRegistry registry) {
    this.clock = clock;
    this.config = config;
    this.enabled = config.enabled();
    this.eventTopicPrefix = dashboard.eventTopicPrefix();
    this.registry = registry;
    this.startedAt = clock.instant();
    this.log = new AnomalyLog(config.anomaliesShown(), this::count);
    this.reconciler =
        enabled
            ? new Reconciler(
                config.consumers(),
                config.stuckAfter(),
                startedAt,
                config.maxEvents(),
                config.maxAggregates(),
                log)
            : null;
    if (enabled) {
      // Every series exists at zero from the start, so the first anomaly is an increase().
      Set<String> known = new LinkedHashSet<>(config.consumers());
      known.add(Anomaly.KAFKA);
      known.add(Anomaly.SOURCE);
      known.forEach(this::register);
    }
  }

  /** Whether the audit runs ({@code onceflow.dashboard.audit.enabled}). */
  public boolean enabled() {
    return enabled;
  }

  /** An event record read on its topic (read_committed). */
  public void published(
      String eventId,
      String topic,
      int partition,
      long offset,
      String aggregateId,
      Long sequence,
      Instant recordTime) {
    if (!enabled || eventId == null || eventId.isBlank()) {
      return; // off, or a poison record: dead-lettered, shown there
    }
    synchronized (this) {
      reconciler.published(
          eventId, topic, partition, offset, aggregateId, sequence, recordTime, clock.instant());
    }
  }

  /** A journal entry read on the inbox journal. */
  public void journal(InboxJournalEntry entry) {
    if (enabled) {
      judge(entry);
    }
  }

  private synchronized void judge(InboxJournalEntry entry) {
    if (entry.topic() == null || !entry.topic().startsWith(eventTopicPrefix)) {
      return; // an event of a topic the dashboard does not follow: nothing to join it with
    }
    if (entry.consumer() != null) {
      register(entry.consumer());
    }
    reconciler.journal(entry, clock.instant());
  }

  /** An event a service says it wrote, at least {@code lost-after} ago. */
  public synchronized void written(
      String topic, String aggregateId, long sequence, Instant writtenAt, String by) {
    if (!enabled) {
      return;
    }
    reconciler.written(topic, aggregateId, sequence, writtenAt, by, clock.instant());
  }

  /** When the audit started: writes and publications before it are not judged. */
  public Instant startedAt() {
    return startedAt;
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public synchronized void check() {
    if (!enabled) {
      return;
    }
    reconciler.check(clock.instant());
  }

  /** Whether an event is proved once ({@link Reconciler#proof}); null when unknown or off. */
  public synchronized String proof(String eventId) {
    return enabled ? reconciler.proof(eventId) : null;
  }

  /** The audit for the snapshot, with the proof of each of {@code journeyIds}; null when off. */
  public synchronized AuditView view(Collection<String> journeyIds) {
    if (!enabled) {
      return null;
    }
    Instant now = clock.instant();
    Reconciler.Counts counts = reconciler.counts();
    Map<String, Object> proved = new LinkedHashMap<>();
    proved.put("written→published", counts.writtenPublished());
    proved.put("published", counts.publishedOnce());
    proved.put("applied", counts.appliedOnce());
    Map<String, String> proofs = new LinkedHashMap<>();
    for (String id : journeyIds) {
      String proof = reconciler.proof(id);
      if (proof != null) {
        proofs.put(id, proof);
      }
    }
    List<AuditView.Alert> alerts = new ArrayList<>();
    for (AnomalyLog.Tally tally : log.recent(now, config.alertWindow())) {
      Anomaly last = tally.last();
      alerts.add(
          new AuditView.Alert(
              tally.consumer(),
              "exactly-once audit: "
                  + tally.count()
                  + " "
                  + tally.kind().tag()
                  + " anomal"
                  + (tally.count() == 1 ? "y" : "ies")
                  + " ("
                  + tally.consumer()
                  + "), latest "
                  + (last.eventIds().isEmpty()
                      ? last.aggregate() + " #" + last.sequence()
                      : String.join(", ", last.eventIds()))
                  + ": "
                  + last.detail(),
              last.at()));
    }
    return new AuditView(
        startedAt,
        proved,
        log.total(),
        log.tallies().stream()
            .map(t -> new AuditView.Tally(t.consumer(), t.kind(), t.count()))
            .toList(),
        log.latest(),
        counts.unaudited(),
        Map.of("events", counts.eventsTracked(), "aggregates", counts.aggregatesTracked()),
        proofs,
        alerts);
  }

  private void register(String consumer) {
    for (Anomaly.Kind kind : Anomaly.Kind.values()) {
      counters.computeIfAbsent(
          consumer + "/" + kind,
          k ->
              Counter.builder(METRIC)
                  .description("Anomalies the live exactly-once audit found")
                  .tag("consumer", consumer)
                  .tag("kind", kind.tag())
                  .register(registry));
    }
  }

  private void count(Anomaly anomaly) {
    register(anomaly.consumer());
    counters.get(anomaly.consumer() + "/" + anomaly.kind()).increment();
  }
}
