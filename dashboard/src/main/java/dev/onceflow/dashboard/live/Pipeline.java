package dev.onceflow.dashboard.live;

import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_DEAD_LETTERED;
import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_DUPLICATES;
import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_LATENCY;
import static dev.onceflow.dashboard.scrape.MetricNames.INBOX_PROCESSED;
import static dev.onceflow.dashboard.scrape.MetricNames.ORDERS_CANCELLED;
import static dev.onceflow.dashboard.scrape.MetricNames.ORDERS_PLACED;
import static dev.onceflow.dashboard.scrape.MetricNames.OUTBOX_WRITTEN;
import static dev.onceflow.dashboard.scrape.MetricNames.RELAY_PUBLISHED;
import static dev.onceflow.dashboard.scrape.MetricNames.RELAY_SLOT_LAG;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.audit.AuditView;
import dev.onceflow.dashboard.audit.ExactlyOnceAudit;
import dev.onceflow.dashboard.journey.JourneyStore;
import dev.onceflow.dashboard.journey.JourneyView;
import dev.onceflow.dashboard.scrape.PrometheusText;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import dev.onceflow.dashboard.stats.ConsumerLag;
import dev.onceflow.dashboard.stats.CounterTracker;
import dev.onceflow.dashboard.stats.LatencyHistogram;
import dev.onceflow.dashboard.stats.LatencyWindow;
import dev.onceflow.dashboard.stats.PerSecondCounter;
import dev.onceflow.dashboard.stats.StallDetector;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything the dashboard knows, aggregated as it arrives: the Kafka ingest thread feeds records,
 * the scraper feeds the services' health and metrics, and {@link #snapshot()} folds it all into
 * what the browser shows. Memory is bounded: per-second rings, a fixed-size journey store, a
 * fixed-length chart history.
 */
@ApplicationScoped
public class Pipeline {

  /** Stage ids, as the snapshot and the browser name them. */
  public static final String ORDER_SERVICE = "order-service";

  public static final String OUTBOX = "outbox";
  public static final String RELAY = "outbox-relay";
  public static final String KAFKA = "kafka";
  public static final String INBOX = "inbox-consumer";
  public static final String EFFECT = "effect";

  private static final int RING_SECONDS = 120;
  private static final int LATENCY_SMOOTHING_SECONDS = 5;

  private final Clock clock;
  private final int headlineSeconds;
  private final JourneyStore journeys;

  // From Kafka, by the time of the record (publish time, or the consumer's commit time).
  private final PerSecondCounter published = new PerSecondCounter(RING_SECONDS);
  private final PerSecondCounter processed = new PerSecondCounter(RING_SECONDS);
  private final PerSecondCounter handled = new PerSecondCounter(RING_SECONDS);
  private final PerSecondCounter deadLetters = new PerSecondCounter(RING_SECONDS);
  private final LatencyWindow endToEnd = new LatencyWindow(RING_SECONDS);
  private final LatencyWindow publish = new LatencyWindow(RING_SECONDS);
  private final AtomicLong eventsRead = new AtomicLong();
  private final AtomicLong journalRead = new AtomicLong();
  private final AtomicLong deadLettersRead = new AtomicLong();
  private final ConcurrentMap<String, AtomicLong> deadLetterReasons = new ConcurrentHashMap<>();
  private final ConcurrentMap<TopicPartition, Long> observedEnd = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, PerSecondCounter> topicRates = new ConcurrentHashMap<>();

  // From the services' metrics.
  private final CounterTracker orders = new CounterTracker(RING_SECONDS);
  private final CounterTracker written = new CounterTracker(RING_SECONDS);
  private final CounterTracker relayPublished = new CounterTracker(RING_SECONDS);
  private final CounterTracker inboxHandled = new CounterTracker(RING_SECONDS);
  private final CounterTracker inboxProcessed = new CounterTracker(RING_SECONDS);
  private final CounterTracker inboxDuplicates = new CounterTracker(RING_SECONDS);
  private final CounterTracker inboxDeadLettered = new CounterTracker(RING_SECONDS);
  private volatile ScrapeResult scrape;
  private volatile Double slotLagBytes;
  private volatile Long consumerLag;

  private final StallDetector stallDetector;
  private final ExactlyOnceAudit audit;
  private final Deque<Snapshot.Point> history = new ArrayDeque<>();
  private final int historyCapacity;
  private long lastPointSecond = Long.MIN_VALUE;

  public Pipeline(Clock clock, DashboardConfig config, ExactlyOnceAudit audit) {
    this.clock = clock;
    this.audit = audit;
    this.headlineSeconds = (int) Math.max(1, config.window().headline().toSeconds());
    this.journeys = new JourneyStore(config.window().journeys());
    this.historyCapacity = (int) Math.max(60, config.window().history().toSeconds());
    this.stallDetector = new StallDetector(clock, config.stallAfter());
    this.scrape = ScrapeResult.empty(clock.instant());
  }

  public JourneyStore journeys() {
    return journeys;
  }

  // --- fed by the Kafka ingest
  // ---------------------------------------------------------------------

  /** An event record read from an event topic. */
  public void eventRead(
      String key,
      String orderId,
      String eventType,
      String topic,
      int partition,
      long offset,
      Instant requestedAt,
      Instant createdAt,
      Instant committedAt,
      Instant publishedAt) {
    Instant now = clock.instant();
    long nowSecond = now.getEpochSecond();
    journeys.published(
        key,
        orderId,
        eventType,
        topic,
        partition,
        offset,
        requestedAt,
        createdAt,
        committedAt,
        publishedAt,
        now);
    eventsRead.incrementAndGet();
    observedEnd.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
    published.add(publishedAt.getEpochSecond(), nowSecond, 1);
    topicRates
        .computeIfAbsent(topic, t -> new PerSecondCounter(RING_SECONDS))
        .add(publishedAt.getEpochSecond(), nowSecond, 1);
    if (createdAt != null) {
      publish.record(publishedAt.getEpochSecond(), nowSecond, millis(createdAt, publishedAt));
    }
  }

  /** A consumer's outcome read from the inbox journal. */
  public void journalRead(InboxJournalEntry entry) {
    Instant now = clock.instant();
    long nowSecond = now.getEpochSecond();
    journeys.journal(entry, now);
    journalRead.incrementAndGet();
    if (entry.committedAt() == null) {
      return;
    }
    long second = entry.committedAt().getEpochSecond();
    handled.add(second, nowSecond, 1);
    if (entry.outcome() == InboxJournalEntry.Outcome.PROCESSED) {
      processed.add(second, nowSecond, 1);
      if (entry.createdAt() != null && !entry.replay()) {
        endToEnd.record(second, nowSecond, millis(entry.createdAt(), entry.committedAt()));
      }
    }
  }

  /** A record read from the dead-letter topic. */
  public void deadLetterRead(
      String key, String orderId, String eventType, String reason, Instant at) {
    Instant now = clock.instant();
    journeys.deadLettered(key, orderId, eventType, reason, at, now);
    deadLettersRead.incrementAndGet();
    String code = reason == null ? "unknown" : JourneyView.reasonCode(reason);
    deadLetterReasons.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    deadLetters.add(at.getEpochSecond(), now.getEpochSecond(), 1);
  }

  // --- fed by the scraper
  // --------------------------------------------------------------------------

  /** A round of health, metrics and offsets; re-evaluates the stall alerts. */
  public void scraped(ScrapeResult result) {
    long at = result.at().toEpochMilli();
    PrometheusText orderMetrics = result.metrics().get(ScrapeResult.ORDER_SERVICE);
    PrometheusText relayMetrics = result.metrics().get(ScrapeResult.RELAY);
    PrometheusText inboxMetrics = result.metrics().get(ScrapeResult.INBOX);
    track(orders, at, orderMetrics, ORDERS_PLACED, ORDERS_CANCELLED);
    track(written, at, orderMetrics, OUTBOX_WRITTEN);
    track(relayPublished, at, relayMetrics, RELAY_PUBLISHED);
    track(inboxHandled, at, inboxMetrics, INBOX_PROCESSED, INBOX_DUPLICATES, INBOX_DEAD_LETTERED);
    track(inboxProcessed, at, inboxMetrics, INBOX_PROCESSED);
    track(inboxDuplicates, at, inboxMetrics, INBOX_DUPLICATES);
    track(inboxDeadLettered, at, inboxMetrics, INBOX_DEAD_LETTERED);
    Double lag = relayMetrics == null ? null : orNull(relayMetrics.sum(RELAY_SLOT_LAG));
    slotLagBytes = lag != null && lag >= 0 ? lag : null;
    consumerLag = result.committed().isEmpty() ? null : totalLag(result);
    scrape = result;

    stallDetector.observe(
        RELAY,
        "events",
        new StallDetector.Progress(
            written.known() ? written.total() : null, (double) eventsRead.get(), null));
    stallDetector.observe(
        INBOX,
        "events",
        new StallDetector.Progress(
            (double) eventsRead.get(),
            inboxMetrics == null ? null : inboxHandled.total(),
            consumerLag == null ? null : consumerLag.doubleValue()));
  }

  private static void track(
      CounterTracker tracker, long at, PrometheusText metrics, String... names) {
    if (metrics == null) {
      tracker.unreachable();
      return;
    }
    double sum = 0;
    boolean found = false;
    for (String name : names) {
      OptionalDouble value = metrics.sum(name);
      if (value.isPresent()) {
        sum += value.getAsDouble();
        found = true;
      }
    }
    if (found) {
      tracker.sample(at, sum);
    }
  }

  private long totalLag(ScrapeResult result) {
    long total = 0;
    for (Map.Entry<TopicPartition, Long> end : result.endOffsets().entrySet()) {
      total += partitionLag(result, end.getKey(), end.getValue());
    }
    return total;
  }

  private long partitionLag(ScrapeResult result, TopicPartition tp, long end) {
    return ConsumerLag.of(
        end, observedEnd.getOrDefault(tp, -1L), result.committed().getOrDefault(tp, -1L));
  }

  // --- what the browser sees
  // -----------------------------------------------------------------------

  /** Folds everything into a snapshot, and extends the chart history up to two seconds ago. */
  public synchronized Snapshot snapshot() {
    Instant now = clock.instant();
    long second = now.getEpochSecond();
    ScrapeResult scraped = scrape;
    boolean journal = journalRead.get() > 0;
    List<Snapshot.Alert> alerts = alerts(scraped, now);
    List<String> stalled = stallDetector.stalls().stream().map(StallDetector.Stall::stage).toList();

    List<Snapshot.Stage> stages = new ArrayList<>();
    stages.add(
        stage(
            ORDER_SERVICE,
            "order-service",
            "orders accepted",
            orders,
            second,
            health(scraped, ScrapeResult.ORDER_SERVICE),
            stalled,
            null));
    stages.add(stage(OUTBOX, "outbox", "events written", written, second, null, stalled, null));
    stages.add(
        stage(
            RELAY,
            "outbox-relay",
            "events published",
            relayPublished,
            second,
            health(scraped, ScrapeResult.RELAY),
            stalled,
            null));
    stages.add(
        new Snapshot.Stage(
            KAFKA,
            "Kafka",
            "events read (read_committed)",
            published.rate(second, headlineSeconds),
            (double) eventsRead.get(),
            health(scraped, ScrapeResult.KAFKA),
            stalled.contains(KAFKA),
            null));
    Map<String, Double> effects = new LinkedHashMap<>();
    effects.put("duplicates", perSecond(inboxDuplicates, second));
    effects.put("deadLettered", perSecond(inboxDeadLettered, second));
    effects.put("duplicatesTotal", inboxDuplicates.known() ? inboxDuplicates.total() : null);
    effects.put("deadLetteredTotal", inboxDeadLettered.known() ? inboxDeadLettered.total() : null);
    stages.add(
        inboxHandled.known() || !journal
            ? stage(
                INBOX,
                "inbox-consumer",
                "events handled",
                inboxHandled,
                second,
                health(scraped, ScrapeResult.INBOX),
                stalled,
                null)
            : new Snapshot.Stage(
                INBOX,
                "inbox-consumer",
                "events handled",
                handled.rate(second, headlineSeconds),
                null,
                health(scraped, ScrapeResult.INBOX),
                stalled.contains(INBOX),
                null));
    stages.add(
        inboxProcessed.known() || !journal
            ? stage(
                EFFECT, "effect", "effects applied", inboxProcessed, second, null, stalled, effects)
            : new Snapshot.Stage(
                EFFECT,
                "effect",
                "effects applied",
                processed.rate(second, headlineSeconds),
                null,
                null,
                false,
                effects));

    List<Snapshot.Link> links =
        List.of(
            new Snapshot.Link(OUTBOX, RELAY, "slot lag", slotLagBytes, "bytes"),
            new Snapshot.Link(
                KAFKA,
                INBOX,
                "consumer lag",
                consumerLag == null ? null : consumerLag.doubleValue(),
                "records"));

    LatencyHistogram window = endToEnd.merged(second - headlineSeconds, second);
    LatencyHistogram publishWindow = publish.merged(second - headlineSeconds, second);
    Snapshot.Latency latency =
        window.count() > 0 || journal
            ? new Snapshot.Latency(
                nan(window.percentile(0.5)),
                nan(window.percentile(0.99)),
                window.count(),
                headlineSeconds,
                nan(publishWindow.percentile(0.5)),
                nan(publishWindow.percentile(0.99)),
                "journal")
            : scrapedLatency(scraped, publishWindow);

    Snapshot.Point point = extendHistory(second, journal);
    Map<String, Long> reasons = new TreeMap<>();
    deadLetterReasons.forEach((reason, count) -> reasons.put(reason, count.get()));
    List<JourneyView> recent = journeys.recent(25);
    AuditView audited = audit.view(recent.stream().map(JourneyView::eventId).toList());
    audited
        .alerts()
        .forEach(a -> alerts.add(new Snapshot.Alert("critical", "audit", a.message(), a.since())));
    return new Snapshot(
        now,
        stages,
        links,
        topics(scraped, second),
        latency,
        point,
        recent,
        new Snapshot.DeadLetters(deadLettersRead.get(), reasons),
        alerts,
        scraped.components(),
        scraped.relayInstances(),
        audited);
  }

  /** The chart history, oldest first. */
  public synchronized List<Snapshot.Point> history() {
    return List.copyOf(history);
  }

  private Snapshot.Point extendHistory(long second, boolean journal) {
    long upTo = second - 2; // late records of the last two seconds still arrive
    // The first points go back one minute (what the backfill may have counted), not to the
    // start of a history the dashboard never saw.
    long from =
        lastPointSecond == Long.MIN_VALUE
            ? upTo - 60
            : Math.max(lastPointSecond + 1, upTo - historyCapacity + 1);
    from = Math.max(from, upTo - RING_SECONDS + 3);
    Snapshot.Point last = history.peekLast();
    for (long t = from; t <= upTo; t++) {
      LatencyHistogram smoothed = endToEnd.merged(t - LATENCY_SMOOTHING_SECONDS + 1, t + 1);
      last =
          new Snapshot.Point(
              t,
              written.known() ? written.perSecond().count(t) : null,
              published.count(t),
              processedIn(t, journal),
              deadLetters.count(t),
              nan(smoothed.percentile(0.5)),
              nan(smoothed.percentile(0.99)));
      history.addLast(last);
      if (history.size() > historyCapacity) {
        history.removeFirst();
      }
      lastPointSecond = t;
    }
    return last;
  }

  private Double processedIn(long second, boolean journal) {
    if (journal) {
      return processed.count(second);
    }
    return inboxProcessed.known() ? inboxProcessed.perSecond().count(second) : null;
  }

  private List<Snapshot.Topic> topics(ScrapeResult scraped, long second) {
    Map<String, List<Snapshot.Partition>> partitions = new TreeMap<>();
    Map<TopicPartition, Long> ends = new LinkedHashMap<>(scraped.endOffsets());
    observedEnd.forEach((tp, end) -> ends.putIfAbsent(tp, end));
    ends.forEach(
        (tp, end) -> {
          long observed = observedEnd.getOrDefault(tp, -1L);
          long committed = scraped.committed().getOrDefault(tp, -1L);
          long shown = observed >= 0 && observed >= end - 1 ? observed : end;
          partitions
              .computeIfAbsent(tp.topic(), t -> new ArrayList<>())
              .add(
                  new Snapshot.Partition(
                      tp.partition(), shown, committed, ConsumerLag.of(end, observed, committed)));
        });
    List<Snapshot.Topic> topics = new ArrayList<>();
    partitions.forEach(
        (topic, list) -> {
          list.sort(Comparator.comparingInt(Snapshot.Partition::partition));
          PerSecondCounter rate = topicRates.get(topic);
          topics.add(
              new Snapshot.Topic(
                  topic, rate == null ? 0 : rate.rate(second, headlineSeconds), list));
        });
    return topics;
  }

  private List<Snapshot.Alert> alerts(ScrapeResult scraped, Instant now) {
    List<Snapshot.Alert> alerts = new ArrayList<>();
    for (StallDetector.Stall stall : stallDetector.stalls()) {
      alerts.add(new Snapshot.Alert("critical", stall.stage(), stall.message(), stall.since()));
    }
    for (Snapshot.Component component : scraped.components()) {
      if (!"UP".equals(component.status())) {
        String why =
            component.error() != null
                ? component.error()
                : component.checks() == null
                    ? "health " + component.status()
                    : "failing checks: "
                        + String.join(
                            ", ",
                            component.checks().stream()
                                .filter(c -> !"UP".equals(c.status()))
                                .map(Snapshot.Check::name)
                                .toList());
        alerts.add(
            new Snapshot.Alert(
                "critical",
                component.name(),
                component.name() + " is " + component.status() + ": " + why,
                component.checkedAt()));
      }
    }
    List<Snapshot.RelayInstance> instances = scraped.relayInstances();
    if (!instances.isEmpty() && instances.stream().noneMatch(i -> "active".equals(i.state()))) {
      alerts.add(
          new Snapshot.Alert(
              "critical", RELAY, "no relay instance is active: nothing publishes events", now));
    }
    long second = now.getEpochSecond();
    double lastMinute = deadLetters.rate(second + 1, 60) * 60;
    if (lastMinute >= 1) {
      alerts.add(
          new Snapshot.Alert(
              "warning",
              INBOX,
              Math.round(lastMinute) + " event(s) dead-lettered in the last minute",
              now));
    }
    return alerts;
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
        tracker.known() ? tracker.total() : null,
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
        .map(Snapshot.Component::status)
        .findFirst()
        .orElse(null);
  }

  private Snapshot.Latency scrapedLatency(ScrapeResult scraped, LatencyHistogram publishWindow) {
    PrometheusText inbox = scraped.metrics().get(ScrapeResult.INBOX);
    Double p50 = null;
    Double p99 = null;
    if (inbox != null) {
      p50 = seconds(inbox.sum(INBOX_LATENCY, l -> "0.5".equals(l.get("quantile"))));
      p99 = seconds(inbox.sum(INBOX_LATENCY, l -> "0.99".equals(l.get("quantile"))));
    }
    return new Snapshot.Latency(
        p50,
        p99,
        0,
        headlineSeconds,
        nan(publishWindow.percentile(0.5)),
        nan(publishWindow.percentile(0.99)),
        "inbox-consumer metrics");
  }

  private static Double seconds(OptionalDouble value) {
    return value.isPresent() && !Double.isNaN(value.getAsDouble())
        ? value.getAsDouble() * 1000
        : null;
  }

  private static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }

  private static Double nan(double value) {
    return Double.isNaN(value) ? null : value;
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
