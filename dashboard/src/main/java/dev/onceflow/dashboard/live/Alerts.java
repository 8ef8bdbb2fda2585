package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.scrape.Component;
import dev.onceflow.dashboard.scrape.RelayInstance;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import dev.onceflow.dashboard.stats.StallDetector;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What needs a person's attention: stalled stages (judged at every scrape round), components not
 * UP, a relay shard with no active instance, and dead letters in the last minute.
 */
@Singleton
class Alerts {

  private final StallDetector stallDetector;

  Alerts(Clock clock, DashboardConfig config) {
    this.stallDetector = new StallDetector(clock, config.stallAfter());
  }

  /**
   * Judges the two watched stages: the relay (input: events written, output: events read from
   * Kafka) and the inbox consumer (input: events read, output: events it handled, backlog: its
   * lag). Unknown values are null.
   */
  void observe(Double written, long eventsRead, Double inboxHandled, Long consumerLag) {
    stallDetector.observe(
        Snapshot.Stage.RELAY,
        "events",
        new StallDetector.Progress(written, (double) eventsRead, null));
    stallDetector.observe(
        Snapshot.Stage.INBOX,
        "events",
        new StallDetector.Progress(
            (double) eventsRead,
            inboxHandled,
            consumerLag == null ? null : consumerLag.doubleValue()));
  }

  /** The ids of the stages stalled now. */
  List<String> stalledStages() {
    return stallDetector.stalls().stream().map(StallDetector.Stall::stage).toList();
  }

  /** The alerts standing now, stalls first. */
  List<Snapshot.Alert> current(ScrapeResult scraped, Instant now, DeadLetterTally deadLetters) {
    List<Snapshot.Alert> alerts = new ArrayList<>();
    for (StallDetector.Stall stall : stallDetector.stalls()) {
      alerts.add(new Snapshot.Alert("critical", stall.stage(), stall.message(), stall.since()));
    }
    for (Component component : scraped.components()) {
      if (!"UP".equals(component.status())) {
        alerts.add(
            new Snapshot.Alert(
                "critical",
                component.name(),
                component.name() + " is " + component.status() + ": " + why(component),
                component.checkedAt()));
      }
    }
    List<RelayInstance> instances = scraped.relayInstances();
    if (!instances.isEmpty() && instances.stream().noneMatch(i -> "active".equals(i.state()))) {
      alerts.add(
          new Snapshot.Alert(
              "critical",
              Snapshot.Stage.RELAY,
              "no relay instance is active: nothing publishes events",
              now));
    }
    double lastMinute = deadLetters.lastMinute(now.getEpochSecond());
    if (lastMinute >= 1) {
      alerts.add(
          new Snapshot.Alert(
              "warning",
              Snapshot.Stage.INBOX,
              Math.round(lastMinute) + " event(s) dead-lettered in the last minute",
              now));
    }
    return alerts;
  }

  private static String why(Component component) {
    if (component.error() != null) {
      return component.error();
    }
    if (component.checks() == null) {
      return "health " + component.status();
    }
    return "failing checks: "
        + String.join(
            ", ",
            component.checks().stream()
                .filter(c -> !"UP".equals(c.status()))
                .map(Component.Check::name)
                .toList());
  }
}
