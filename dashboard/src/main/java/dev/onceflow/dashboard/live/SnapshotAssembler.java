package dev.onceflow.dashboard.live;

import static dev.onceflow.dashboard.live.Snapshot.Stage.EFFECT;
import static dev.onceflow.dashboard.live.Snapshot.Stage.INBOX;
import static dev.onceflow.dashboard.live.Snapshot.Stage.KAFKA;
import static dev.onceflow.dashboard.live.Snapshot.Stage.ORDER_SERVICE;
import static dev.onceflow.dashboard.live.Snapshot.Stage.OUTBOX;
import static dev.onceflow.dashboard.live.Snapshot.Stage.RELAY;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.audit.AuditView;
import dev.onceflow.dashboard.audit.ExactlyOnceAudit;
import dev.onceflow.dashboard.graph.PipelineGraph;
import dev.onceflow.dashboard.journey.JourneyStore;
import dev.onceflow.dashboard.journey.JourneyView;
import dev.onceflow.dashboard.scrape.Component;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import dev.onceflow.dashboard.stats.CounterTracker;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the aggregates into one {@link Snapshot}: the six stages with their rates, the lags between
 * them, topics and partitions, latencies, the newest chart point, recent journeys, dead letters,
 * alerts, health and the audit. Each snapshot reads the last scrape round once.
 */
@Singleton
class SnapshotAssembler {

  private static final int RECENT_JOURNEYS = 25;

  private final Clock clock;
  private final int headlineSeconds;
  private final JourneyStore journeys;
  private final KafkaThroughput kafka;
  private final PartitionLag partitions;
  private final Latencies latencies;
  private final JournalOutcomes journal;
  private final DeadLetterTally deadLetters;
  private final ServiceCounters services;
  private final Alerts alerts;
  private final LatestScrape latestScrape;
  private final ChartHistory history;
  private final ExactlyOnceAudit audit;
  private final PipelineGraph graph;

  SnapshotAssembler(
      Clock clock,
      DashboardConfig config,
      JourneyStore journeys,
      KafkaThroughput kafka,
      PartitionLag partitions,
      Latencies latencies,
      JournalOutcomes journal,
      DeadLetterTally deadLetters,
      ServiceCounters services,
      Alerts alerts,
      LatestScrape latestScrape,
      ChartHistory history,
      ExactlyOnceAudit audit,
      PipelineGraph graph) {
    this.clock = clock;
    this.headlineSeconds = Rings.headlineSeconds(config);
    this.journeys = journeys;
    this.kafka = kafka;
    this.partitions = partitions;
    this.latencies = latencies;
    this.journal = journal;
    this.deadLetters = deadLetters;
    this.services = services;
    this.alerts = alerts;
    this.latestScrape = latestScrape;
    this.history = history;
    this.audit = audit;
    this.graph = graph;
  }

  /** Folds everything into a snapshot, and extends the chart history up to two seconds ago. */
  synchronized Snapshot snapshot() {
    Instant now = clock.instant();
    long second = now.getEpochSecond();
    ScrapeResult scraped = latestScrape.get();
    boolean fromJournal = journal.seen();
    List<Snapshot.Alert> standing = alerts.current(scraped, now, deadLetters);
    Snapshot.Point point = history.extend(second, fromJournal);
    List<JourneyView> recent = journeys.recent(RECENT_JOURNEYS);
    AuditView audited = audit.view(recent.stream().map(JourneyView::eventId).toList());
    if (audited != null) { // null: switched off
      audited
          .alerts()
          .forEach(
              a -> standing.add(new Snapshot.Alert("critical", "audit", a.message(), a.since())));
    }
    return new Snapshot(
        now,
        stages(scraped, second, fromJournal, alerts.stalledStages()),
        links(),
        partitions.topics(scraped, second, kafka),
        latencies.headline(second, fromJournal, scraped),
        point,
        recent,
        deadLetters.view(),
        standing,
        scraped.components(),
        scraped.relayInstances(),
        audited,
        graph.view());
  }

  private List<Snapshot.Stage> stages(
      ScrapeResult scraped, long second, boolean fromJournal, List<String> stalled) {
    List<Snapshot.Stage> stages = new ArrayList<>();
    stages.add(
        stage(
            ORDER_SERVICE,
            "order-service",
            "orders accepted",
            services.orders,
            second,
            health(scraped, ScrapeResult.ORDER_SERVICE),
            stalled,
            null));
    stages.add(
        stage(OUTBOX, "outbox", "events written", services.written, second, null, stalled, null));
    stages.add(
        stage(
            RELAY,
            "outbox-relay",
            "events published",
            services.relayPublished,
            second,
            health(scraped, ScrapeResult.RELAY),
            stalled,
            null));
    stages.add(
        new Snapshot.Stage(
            KAFKA,
            "Kafka",
            "events read (read_committed)",
            kafka.rate(second),
            (double) kafka.eventsRead(),
            health(scraped, ScrapeResult.KAFKA),
            stalled.contains(KAFKA),
            null));
    Map<String, Double> effects = new LinkedHashMap<>();
    effects.put("duplicates", perSecond(services.inboxDuplicates, second));
    effects.put("deadLettered", perSecond(services.inboxDeadLettered, second));
    effects.put("duplicatesTotal", ServiceCounters.total(services.inboxDuplicates));
    effects.put("deadLetteredTotal", ServiceCounters.total(services.inboxDeadLettered));
    // Without the consumer's metrics, the journal tells what it handled and applied.
    boolean scrapedInbox = services.inboxHandled.known() || !fromJournal;
    stages.add(
        scrapedInbox
            ? stage(
                INBOX,
                "inbox-consumer",
                "events handled",
                services.inboxHandled,
                second,
                health(scraped, ScrapeResult.INBOX),
                stalled,
                null)
            : new Snapshot.Stage(
                INBOX,
                "inbox-consumer",
                "events handled",
                journal.handledRate(second),
                null,
                health(scraped, ScrapeResult.INBOX),
                stalled.contains(INBOX),
                null));
    stages.add(
        services.inboxProcessed.known() || !fromJournal
            ? stage(
                EFFECT,
                "effect",
                "effects applied",
                services.inboxProcessed,
                second,
                null,
                stalled,
                effects)
            : new Snapshot.Stage(
                EFFECT,
                "effect",
                "effects applied",
                journal.processedRate(second),
                null,
                null,
                false,
                effects));
    return stages;
  }

  private List<Snapshot.Link> links() {
    Long consumerLag = partitions.consumerLag();
    return List.of(
        new Snapshot.Link(OUTBOX, RELAY, "slot lag", services.slotLagBytes(), "bytes"),
        new Snapshot.Link(
            KAFKA,
            INBOX,
            "consumer lag",
            consumerLag == null ? null : consumerLag.doubleValue(),
            "records"));
  }

  private Snapshot.Stage stage(
      String id,
      String label,
      String what,
      CounterTracker tracker,
      long second,
      String health,
      List<String> stalled,
      Map<String, Double> extra) {
    return new Snapshot.Stage(
        id,
        label,
        what,
        perSecond(tracker, second),
        ServiceCounters.total(tracker),
        health,
        stalled.contains(id),
        extra);
  }

  private Double perSecond(CounterTracker tracker, long second) {
    return tracker.known() ? tracker.perSecond().rate(second, headlineSeconds) : null;
  }

  private static String health(ScrapeResult scraped, String component) {
    return scraped.components().stream()
        .filter(c -> c.name().equals(component))
        .map(Component::status)
        .findFirst()
        .orElse(null);
  }
}
