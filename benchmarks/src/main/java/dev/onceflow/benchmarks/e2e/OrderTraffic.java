package dev.onceflow.benchmarks.e2e;

import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.contract.security.ServiceToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Order placements sent to order-service's REST API, either <b>closed-loop</b> (a fixed number of
 * requests always in flight: the service's maximum rate) or <b>open-loop</b> at a fixed rate (a 1
 * ms ticker sends what is due, at most {@code maxInFlight} at once; what cannot be sent is counted
 * as skipped, so an overloaded service shows as a shortfall, never as a burst later).
 */
final class OrderTraffic implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI orders;
  private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(callbacks)
          .build();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();

  OrderTraffic(URI orderService) {
    this.orders = orderService.resolve("/orders");
  }

  /** Placements answered 201 so far, by every mode. */
  long acknowledged() {
    return acknowledged.get();
  }

  /** Placements answered otherwise, or not at all. */
  long failed() {
    return failed.get();
  }

  /** Starts sending {@code rate} placements a second; {@link Paced#stop()} ends it. */
  Paced paced(String customerPrefix, double rate, int maxInFlight) {
    return new Paced(customerPrefix, rate, maxInFlight);
  }

  @Override
  public void close() {
    callbacks.shutdownNow();
  }

  private java.util.concurrent.CompletableFuture<Integer> send(String customerPrefix) {
    long n = sequence.incrementAndGet();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String body =
        String.format(
            Locale.ROOT,
            "{\"customerId\":\"%s-%d\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"SKU-%d\","
                + "\"quantity\":%d,\"unitPrice\":%d.%02d}]}",
            customerPrefix,
            n % 1000,
            random.nextInt(500),
            1 + random.nextInt(5),
            1 + random.nextInt(99),
            random.nextInt(100));
    HttpRequest request =
        HttpRequest.newBuilder(orders)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", customerPrefix + "-" + n)
            .header(
                ServiceToken.HEADER, ServiceToken.authorization(BenchmarkPlatform.SERVICE_TOKEN))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, failure) -> {
              if (failure == null && response.statusCode() == 201) {
                acknowledged.incrementAndGet();
                return 201;
              }
              failed.incrementAndGet();
              return failure == null ? response.statusCode() : -1;
            });
  }

  /** An open-loop load in progress. */
  final class Paced {
    private final ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "paced-orders"));
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final String customerPrefix;
    private final double rate;
    private final long start = System.nanoTime();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile long stoppedAt;

    private Paced(String customerPrefix, double rate, int maxInFlight) {
      this.customerPrefix = customerPrefix;
      this.rate = rate;
      this.maxInFlight = maxInFlight;
      this.inFlight = new Semaphore(maxInFlight);
      ticker.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.MILLISECONDS);
    }

    private void tick() {
      long due = (long) (rate * (System.nanoTime() - start) / 1e9);
      while (sent.get() + skipped.get() < due) {
        if (!inFlight.tryAcquire()) {
          skipped.incrementAndGet();
          continue;
        }
        sent.incrementAndGet();
        send(customerPrefix).whenComplete((status, failure) -> inFlight.release());
      }
    }

    /** Stops sending, waits for the answers in flight; returns the seconds it sent for. */
    double stop() {
      ticker.shutdownNow();
      stoppedAt = System.nanoTime();
      long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
      while (inFlight.availablePermits() < maxInFlight && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      return (stoppedAt - start) / 1e9;
    }

    long sent() {
      return sent.get();
    }

    /** Placements that were due while {@code maxInFlight} were still waiting: not sent. */
    long skipped() {
      return skipped.get();
    }
  }
}
