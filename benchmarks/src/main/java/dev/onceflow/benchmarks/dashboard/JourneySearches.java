package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.local.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A viewer searching the journeys of a recent order every 100 ms, as a person would search an id;
 * keeps every search it made.
 */
final class JourneySearches implements AutoCloseable {

  static final Duration EVERY = Duration.ofMillis(100);
  static final Duration AGE = Duration.ofMillis(250);

  /** One journey search: when it started, how long it took, whether it found the order. */
  record Search(long startNanos, double millis, boolean hit) {}

  private final List<Search> searches = new ArrayList<>();
  private final Thread thread;

  JourneySearches(HttpClient http, ServiceProcess dashboard, DashboardFeed feed) {
    thread = new Thread(() -> run(http, dashboard, feed), "journey-search");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(HttpClient http, ServiceProcess dashboard, DashboardFeed feed) {
    while (!Thread.currentThread().isInterrupted()) {
      DashboardFeed.Committed order = feed.recentOrder(AGE);
      if (order != null) {
        URI uri =
            dashboard.uri(
                "/api/journeys?q=" + URLEncoder.encode(order.orderId(), StandardCharsets.UTF_8));
        long start = System.nanoTime();
        Search search;
        try {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString());
          long end = System.nanoTime();
          boolean hit = response.statusCode() == 200 && response.body().contains(order.orderId());
          search = new Search(start, (end - start) / 1e6, hit);
        } catch (IOException e) {
          search = new Search(start, Double.POSITIVE_INFINITY, false);
        } catch (InterruptedException e) {
          return;
        }
        synchronized (searches) {
          searches.add(search);
        }
      }
      LockSupport.parkNanos(EVERY.toNanos());
    }
  }

  /** Every search made so far, oldest first. */
  List<Search> searches() {
    synchronized (searches) {
      return List.copyOf(searches);
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(5_000);
  }
}
