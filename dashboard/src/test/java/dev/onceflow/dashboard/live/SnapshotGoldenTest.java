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
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.audit.AuditConfig;
import dev.onceflow.dashboard.audit.ExactlyOnceAudit;
import dev.onceflow.dashboard.journey.JourneyStore;
import dev.onceflow.dashboard.scrape.Component;
import dev.onceflow.dashboard.scrape.PrometheusText;
import dev.onceflow.dashboard.scrape.RelayInstance;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import dev.onceflow.dashboard.stats.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The snapshots (and the chart history) the browser receives for one fixed sequence of Kafka
 * records and scrape rounds, compared with what the dashboard produced for it before its live state
 * was split into one aggregate per concern ({@code golden/snapshots.json}). Any change to what is
 * shown fails here; a deliberate one re-records the file with {@code -Dgolden.record=true} and the
 * diff is reviewed.
 */
class SnapshotGoldenTest {

  private static final String GOLDEN = "golden/snapshots.json";
  private static final String ORDERS = "outbox.event.order";
  private static final String PAYMENTS = "outbox.event.payment";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  private final DashboardConfig config =
      new SmallRyeConfigBuilder()
          .withConverter(Duration.class, 200, new DurationConverter())
          .withMapping(DashboardConfig.class)
          .build()
          .getConfigMapping(DashboardConfig.class);
  private final AuditConfig auditConfig =
      new SmallRyeConfigBuilder()
          .withConverter(Duration.class, 200, new DurationConverter())
          .withMapping(AuditConfig.class)
          .build()
          .getConfigMapping(AuditConfig.class);
  private final ExactlyOnceAudit audit =
      new ExactlyOnceAudit(clock, auditConfig, config, new SimpleMeterRegistry());
  private final LiveView live = LiveView.of(clock, config, audit);
  private final Pipeline pipeline = live.pipeline();
  // As Quarkus configures it: instants as ISO-8601 text.
  private final ObjectMapper json =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final ObjectNode recorded = json.createObjectNode();
  private final ArrayNode snapshots = recorded.putArray("snapshots");

  // What the three services' counters say, as each scrape round reads them.
  private double placed;
  private double cancelled;
  private double written;
  private double relayed;
  private double processed;
  private double duplicates;
  private double deadLettered;
  private long offset;

  @Test
  void theSameInputsGiveTheSameSnapshotsAsBeforeTheSplit() throws IOException {
    record("nothing known yet");

    // Scraped only: every service reachable, the relay DOWN, only a standby relay instance.
    for (int round = 0; round < 4; round++) {
      placed += 20;
      cancelled += 2;
      written += 22;
      relayed += 21;
      processed += 19;
      duplicates += 1;
      scrape(true, true, "DOWN", List.of(instance("10.0.0.7:8082", "standby")));
      clock.advance(Duration.ofMillis(1_500));
    }
    record("scraped, no record read");

    // Events on two topics and three partitions; some without a creation time.
    for (int i = 0; i < 30; i++) {
      String topic = i % 3 == 0 ? PAYMENTS : ORDERS;
      int partition = i % 2;
      event("e-" + i, "order-" + (i % 7), topic, partition, i % 5 != 0);
      if (i % 4 == 0) {
        clock.advance(Duration.ofMillis(700));
      }
    }
    placed += 15;
    written += 30;
    relayed += 30;
    processed += 25;
    scrape(true, true, "UP", List.of(instance("10.0.0.7:8082", "active")));
    clock.advance(Duration.ofSeconds(1));
    record("events read, latency from the inbox's metrics");

    // The journal arrives: processed, a duplicate, a replay, a parked one, one never committed.
    for (int i = 0; i < 20; i++) {
      journal("e-" + i, InboxJournalEntry.Outcome.PROCESSED, i == 3, true);
    }
    journal("e-4", InboxJournalEntry.Outcome.DUPLICATE, false, true);
    journal("e-21", InboxJournalEntry.Outcome.PARKED, false, true);
    journal("e-22", InboxJournalEntry.Outcome.PROCESSED, false, false);
    deadLetter("e-23", "order-2", "malformed-json: Unexpected character 'x' in {\"x\"}");
    deadLetter("e-24", "order-3", "unknown-event-type: Nope");
    deadLetter("e-25", "order-4", null);
    // The same event id read at a second offset: the audit's duplicate.
    event("e-5", "order-5", ORDERS, 1, true);
    audit.check();
    clock.advance(Duration.ofSeconds(1));
    // The inbox consumer's metrics unreachable now: its stages come from the journal.
    placed += 5;
    written += 5;
    relayed += 5;
    scrape(true, false, "UP", List.of());
    clock.advance(Duration.ofSeconds(1));
    record("journal, dead letters, an audit anomaly, inbox metrics unreachable");

    // The relay stops publishing while the outbox keeps being written: a stall after 20 s.
    for (int round = 0; round < 13; round++) {
      placed += 10;
      written += 10;
      scrape(round % 5 != 4, round % 3 != 0, "UP", List.of(instance("10.0.0.7:8082", "active")));
      clock.advance(Duration.ofSeconds(2));
      if (round % 4 == 0) {
        record("stalling, round " + round);
      }
    }
    record("relay stalled");

    // It resumes; more events, then two minutes of silence.
    for (int i = 30; i < 60; i++) {
      event("e-" + i, "order-" + (i % 11), ORDERS, i % 2, true);
      journal("e-" + i, InboxJournalEntry.Outcome.PROCESSED, false, true);
    }
    relayed += 30;
    processed += 30;
    scrape(true, true, "UP", List.of(instance("10.0.0.7:8082", "active")));
    clock.advance(Duration.ofSeconds(3));
    record("resumed");
    clock.advance(Duration.ofMinutes(2));
    scrape(true, true, "UP", List.of(instance("10.0.0.7:8082", "active")));
    clock.advance(Duration.ofSeconds(1));
    record("two minutes later");

    recorded.set("history", json.valueToTree(live.history().points()));
    recorded.set("journeys", json.valueToTree(live.journeys().find("order-3")));

    String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(recorded);
    if (Boolean.getBoolean("golden.record")) {
      Files.writeString(Path.of("src", "test", "resources", GOLDEN), text);
    }
    Path written = Path.of("target", "snapshots-actual.json");
    Files.createDirectories(written.getParent());
    Files.writeString(written, text);
    // Both read back from text, so a long and an int of the same value compare equal.
    JsonNode actual = json.readTree(text);
    JsonNode expected;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(GOLDEN)) {
      assertThat(in).as(GOLDEN + " on the test class path").isNotNull();
      expected = json.readTree(in);
    }
    for (int i = 0; i < expected.get("snapshots").size(); i++) {
      assertThat(actual.get("snapshots").get(i))
          .as("snapshot %d (diff %s %s)", i, written, GOLDEN)
          .isEqualTo(expected.get("snapshots").get(i));
    }
    assertThat(actual).as("diff %s %s", written, GOLDEN).isEqualTo(expected);
  }

  private void record(String label) {
    ObjectNode entry = snapshots.addObject();
    entry.put("label", label);
    entry.set("snapshot", json.valueToTree(live.assembler().snapshot()));
  }

  private void event(
      String eventId, String orderId, String topic, int partition, boolean withCreatedAt) {
    Instant now = clock.instant();
    Instant created = withCreatedAt ? now.minusMillis(40 + offset % 13) : null;
    long at = offset++;
    pipeline.eventRead(
        JourneyStore.key(eventId, topic, partition, at),
        orderId,
        "OrderPlaced",
        topic,
        partition,
        at,
        created == null ? null : created.minusMillis(5),
        created,
        created == null ? null : created.plusMillis(3),
        now.minusMillis(10));
    audit.published(eventId, topic, partition, at, orderId, null, now.minusMillis(10));
  }

  private void journal(
      String eventId, InboxJournalEntry.Outcome outcome, boolean replay, boolean committed) {
    Instant now = clock.instant();
    InboxJournalEntry entry =
        new InboxJournalEntry(
            eventId,
            "fulfillment",
            outcome,
            "OrderPlaced",
            "order-x",
            ORDERS,
            0,
            0,
            now.minusMillis(120),
            now.minusMillis(30),
            committed ? now.minusMillis(5) : null,
            outcome == InboxJournalEntry.Outcome.PARKED ? "retries exhausted" : null,
            replay);
    pipeline.journalRead(entry);
    audit.journal(entry);
  }

  private void deadLetter(String eventId, String orderId, String reason) {
    pipeline.deadLetterRead(
        JourneyStore.key(eventId, ORDERS, 0, 1_000 + offset++),
        orderId,
        "OrderPlaced",
        reason,
        clock.instant().minusMillis(50));
  }

  private void scrape(
      boolean servicesUp,
      boolean inboxReachable,
      String relayHealth,
      List<RelayInstance> instances) {
    Instant now = clock.instant();
    Map<String, PrometheusText> metrics = new LinkedHashMap<>();
    if (servicesUp) {
      metrics.put(
          ScrapeResult.ORDER_SERVICE,
          PrometheusText.parse(
              ORDERS_PLACED
                  + " "
                  + placed
                  + "\n"
                  + ORDERS_CANCELLED
                  + " "
                  + cancelled
                  + "\n"
                  + OUTBOX_WRITTEN
                  + "{aggregate=\"order\",type=\"OrderPlaced\"} "
                  + written
                  + "\n"));
      metrics.put(
          ScrapeResult.RELAY,
          PrometheusText.parse(
              RELAY_PUBLISHED
                  + "{shard=\"orders\"} "
                  + relayed
                  + "\n"
                  + RELAY_SLOT_LAG
                  + "{shard=\"orders\"} "
                  + (written - relayed)));
    }
    if (inboxReachable) {
      metrics.put(
          ScrapeResult.INBOX,
          PrometheusText.parse(
              INBOX_PROCESSED
                  + "{consumer=\"fulfillment\"} "
                  + processed
                  + "\n"
                  + INBOX_DUPLICATES
                  + "{consumer=\"fulfillment\"} "
                  + duplicates
                  + "\n"
                  + INBOX_DEAD_LETTERED
                  + "{consumer=\"fulfillment\"} "
                  + deadLettered
                  + "\n"
                  + INBOX_LATENCY
                  + "{quantile=\"0.5\"} 0.012\n"
                  + INBOX_LATENCY
                  + "{quantile=\"0.99\"} 0.087\n"));
    }
    Map<TopicPartition, Long> ends = new LinkedHashMap<>();
    Map<TopicPartition, Long> committed = new LinkedHashMap<>();
    ends.put(new TopicPartition(ORDERS, 0), offset + 1);
    ends.put(new TopicPartition(ORDERS, 1), offset / 2);
    ends.put(new TopicPartition(ORDERS, 2), 5L);
    committed.put(new TopicPartition(ORDERS, 0), offset - 3);
    committed.put(new TopicPartition(ORDERS, 2), 5L);
    pipeline.scraped(
        new ScrapeResult(
            now,
            components(servicesUp, inboxReachable, relayHealth, now),
            metrics,
            servicesUp ? ends : Map.of(),
            servicesUp ? committed : Map.of(),
            instances,
            // The relay's transactional producer, as the Admin API describes the topic's writers.
            servicesUp ? Map.of("onceflow-relay-orders", Set.of(ORDERS)) : Map.of()));
  }

  private static RelayInstance instance(String address, String state) {
    return new RelayInstance(address, state);
  }

  private static List<Component> components(
      boolean servicesUp, boolean inboxReachable, String relayHealth, Instant now) {
    String up = servicesUp ? "UP" : "UNREACHABLE";
    String error = servicesUp ? null : "connection refused";
    return List.of(
        new Component(
            ScrapeResult.ORDER_SERVICE, "http://order", up, checks(servicesUp), error, now),
        new Component(
            ScrapeResult.RELAY,
            "http://relay",
            servicesUp ? relayHealth : up,
            servicesUp
                ? List.of(
                    new Component.Check("replication-slot", relayHealth),
                    new Component.Check("kafka", "UP"))
                : null,
            error,
            now),
        new Component(ScrapeResult.KAFKA, "127.0.0.1:9092", "UP", null, null, now),
        new Component(
            ScrapeResult.INBOX,
            "http://inbox",
            inboxReachable ? "UP" : "UNREACHABLE",
            inboxReachable ? checks(true) : null,
            inboxReachable ? null : "no answer within the timeout",
            now));
  }

  private static List<Component.Check> checks(boolean up) {
    return up ? List.of(new Component.Check("database", "UP")) : null;
  }
}
