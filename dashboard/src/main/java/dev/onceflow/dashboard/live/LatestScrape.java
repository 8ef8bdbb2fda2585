package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.scrape.ScrapeResult;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The last scrape round, which each snapshot reads once so all its parts show the same round. */
@Singleton
class LatestScrape {

  private volatile ScrapeResult round;

  LatestScrape(Clock clock) {
    this.round = ScrapeResult.empty(clock.instant());
  }

  ScrapeResult get() {
    return round;
  }

  void set(ScrapeResult result) {
    this.round = result;
  }
}
