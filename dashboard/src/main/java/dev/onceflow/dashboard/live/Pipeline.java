package dev.onceflow.dashboard.live;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.dashboard.graph.PipelineGraph;
import dev.onceflow.dashboard.journey.JourneyStore;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;

/**
 * What flows in, handed to the aggregate of each concern: the Kafka ingest thread feeds records,
 * the scraper's rounds arrive as {@link ScrapeResult} events. {@link SnapshotAssembler} folds the
 * aggregates into what the browser shows. Memory is bounded: per-second rings, a fixed-size journey
 * store, a fixed-length chart history.
 */
@ApplicationScoped
public class Pipeline {

  private final Clock clock;
  private final JourneyStore journeys;
  private final KafkaThroughput kafka;
  private final PartitionLag partitions;
  private final Latencies latencies;
  private final JournalOutcomes journal;
  private final DeadLetterTally deadLetters;
  private final ServiceCounters services;
  private final Alerts alerts;
  private final LatestScrape latestScrape;
  private final PipelineGraph graph;

  Pipeline(
      Clock clock,
      JourneyStore journeys,
      KafkaThroughput kafka,
      PartitionLag partitions,
      Latencies latencies,
      JournalOutcomes journal,
      DeadLetterTally deadLetters,
      ServiceCounters services,
      Alerts alerts,
      LatestScrape latestScrape,
      PipelineGraph graph) {
    this.clock = clock;
    this.journeys = journeys;
    this.kafka = kafka;
    this.partitions = partitions;
    this.latencies = latencies;
    this.journal = journal;
    this.deadLetters = deadLetters;
    this.services = services;
    this.alerts = alerts;
    this.latestScrape = latestScrape;
    this.graph = graph;
  }

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
    kafka.read(topic, publishedAt, nowSecond);
    partitions.read(topic, partition, offset);
    latencies.published(createdAt, publishedAt, nowSecond);
    graph.eventRead(orderId, topic, createdAt);
  }

  /** A consumer's outcome read from the inbox journal. */
  public void journalRead(InboxJournalEntry entry) {
    Instant now = clock.instant();
    journeys.journal(entry, now);
    journal.read(entry, now.getEpochSecond());
    latencies.applied(entry, now.getEpochSecond());
    graph.journalRead(entry);
  }

  /** A record read from the dead-letter topic. */
  public void deadLetterRead(
      String key, String orderId, String eventType, String reason, Instant at) {
    Instant now = clock.instant();
    journeys.deadLettered(key, orderId, eventType, reason, at, now);
    deadLetters.read(reason, at, now.getEpochSecond());
  }

  /** A round of health, metrics and offsets; re-evaluates the stall alerts. */
  public void scraped(@Observes ScrapeResult result) {
    services.scraped(result);
    partitions.scraped(result);
    latestScrape.set(result);
    graph.scraped(result);
    boolean inboxReached = result.metrics().get(ScrapeResult.INBOX) != null;
    alerts.observe(
        ServiceCounters.total(services.written),
        kafka.eventsRead(),
        inboxReached ? services.inboxHandled.total() : null,
        partitions.consumerLag());
  }
}
