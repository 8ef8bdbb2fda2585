package dev.onceflow.systemtest;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.systemtest.RequestLog.Kind;
import dev.onceflow.systemtest.RequestLog.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A paced, bounded stream of requests to order-service's REST API: placements (one in eight above
 * payment-service's limit, so declined; a quarter of them cancelled a few seconds later), and
 * requests built to be refused or to change nothing: invalid bodies, replays with the same
 * Idempotency-Key, a key reused with another body, second cancellations. Every answer goes to a
 * {@link RequestLog}.
 *
 * <p>One request per tick of a fixed-rate scheduler, at most {@code maxInFlight} at once: while the
 * service stalls (a fault), ticks are skipped rather than queued, so the load never bursts.
 */
final class OrderLoad implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_IN_FLIGHT = 64;
  private static final int CUSTOMERS = 200;
  private static final double CANCEL_SHARE = 0.25;
  private static final int ABOVE_LIMIT_ONE_IN = 8;
  private static final String[] INVALID_BODIES = {
    // quantity below 1
    "{\"customerId\":\"%s\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":0,\"unitPrice\":1.50}]}",
    // no currency
    "{\"customerId\":\"%s\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":1.50}]}",
    // not an ISO 4217 code
    "{\"customerId\":\"%s\",\"currency\":\"EURO\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":1.50}]}",
    // no lines
    "{\"customerId\":\"%s\",\"currency\":\"EUR\",\"lines\":[]}",
    // a price that is not positive
    "{\"customerId\":\"%s\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":-2.00}]}",
    // a field the API does not define
    "{\"customerId\":\"%s\",\"currency\":\"EUR\",\"coupon\":\"FREE\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":1.50}]}"
  };

  private final URI baseUri;
  private final String authorization;
  private final long periodNanos;
  private final long maxRequests;
  private final Random random;
  private final RequestLog log = new RequestLog();
  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .executor(callbacks)
          .build();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "order-load"));
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final DelayQueue<DueCancel> dueCancels = new DelayQueue<>();
  private final List<Placed> placed = new ArrayList<>();
  private final List<UUID> cancelled = new ArrayList<>();
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private long sequence;
  private volatile boolean stopped;

  /** A placement the API acknowledged: it may be replayed or its key reused. */
  private record Placed(String key, String customer, String body, UUID orderId) {}

  /**
   * @param requestsPerSecond the pace, all kinds of request together
   * @param maxRequests a hard bound on the requests sent, whatever happens
   */
  OrderLoad(
      URI baseUri, String serviceToken, double requestsPerSecond, long maxRequests, long seed) {
    this.baseUri = baseUri;
    this.authorization = ServiceToken.authorization(serviceToken);
    this.periodNanos = (long) (1_000_000_000L / requestsPerSecond);
    this.maxRequests = maxRequests;
    this.random = new Random(seed);
  }

  void start() {
    ticker.scheduleAtFixedRate(this::tick, 0, periodNanos, TimeUnit.NANOSECONDS);
  }

  /** Stops sending and waits for the answers to the requests in flight. */
  void stop() {
    stopped = true;
    ticker.shutdown();
    await("requests in flight answered")
        .atMost(REQUEST_TIMEOUT.multipliedBy(3))
        .until(() -> ticker.isTerminated() && inFlight.availablePermits() == MAX_IN_FLIGHT);
  }

  RequestLog log() {
    return log;
  }

  long issued() {
    return issued.get();
  }

  /** Ticks that found {@code MAX_IN_FLIGHT} requests still waiting (the service stalled). */
  long skipped() {
    return skipped.get();
  }

  @Override
  public void close() {
    stopped = true;
    ticker.shutdownNow();
    callbacks.shutdownNow();
  }

  /** On the ticker thread only: {@link #random} and {@link #sequence} need no lock. */
  private void tick() {
    if (stopped || issued.get() >= maxRequests) {
      return;
    }
    if (!inFlight.tryAcquire()) {
      skipped.incrementAndGet();
      return;
    }
    issued.incrementAndGet();
    try {
      DueCancel due = dueCancels.poll();
      if (due != null) {
        cancel(due.orderId());
        return;
      }
      double dice = random.nextDouble();
      boolean sent =
          dice < 0.05
              ? invalid()
              : dice < 0.09 ? replay() : dice < 0.105 ? reuseKey() : dice < 0.12 && cancelAgain();
      if (!sent) {
        place();
      }
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
  }

  private void place() {
    String key = "order-" + (++sequence);
    String customer = "customer-" + random.nextInt(CUSTOMERS);
    String body = orderBody(customer);
    send(
        post("/orders", body, key),
        (status, response) -> {
          if (status == 201) {
            UUID orderId = orderId(response);
            log.created(key, orderId);
            synchronized (placed) {
              placed.add(new Placed(key, customer, body, orderId));
            }
            if (random() < CANCEL_SHARE) {
              dueCancels.add(new DueCancel(orderId, System.nanoTime() + delayNanos()));
            }
          } else {
            log.unexpected(
                Kind.PLACE, "placement " + key + " answered " + status + ": " + response);
          }
        },
        Kind.PLACE);
  }

  private boolean replay() {
    Placed original = randomPlaced();
    if (original == null) {
      return false;
    }
    send(
        post("/orders", original.body(), original.key()),
        (status, response) -> {
          if (status == 200 && original.orderId().equals(orderId(response))) {
            log.record(Kind.REPLAY, Outcome.ACKNOWLEDGED);
          } else if (status == 200 || status == 201) {
            log.record(Kind.REPLAY, Outcome.UNEXPECTED);
            log.idempotencyViolation(
                "replay of " + original.key() + " answered " + status + ": " + response);
          } else {
            log.unexpected(
                Kind.REPLAY,
                "replay of " + original.key() + " answered " + status + ": " + response);
          }
        },
        Kind.REPLAY);
    return true;
  }

  private boolean reuseKey() {
    Placed original = randomPlaced();
    if (original == null) {
      return false;
    }
    // Keys are scoped to their customer: only the same customer with another body is a reuse.
    String body = orderBody(original.customer());
    while (body.equals(original.body())) {
      body = orderBody(original.customer());
    }
    send(
        post("/orders", body, original.key()),
        (status, response) -> {
          if (status == 422) {
            log.record(Kind.KEY_REUSE, Outcome.REJECTED);
          } else {
            log.unexpected(
                Kind.KEY_REUSE,
                "key " + original.key() + " reused with another body answered " + status);
          }
        },
        Kind.KEY_REUSE);
    return true;
  }

  private boolean invalid() {
    String key = "invalid-" + (++sequence);
    String customer = "reject-" + sequence;
    String body = String.format(INVALID_BODIES[random.nextInt(INVALID_BODIES.length)], customer);
    send(
        post("/orders", body, key),
        (status, response) -> {
          if (status == 400) {
            log.rejected(Kind.INVALID, key, customer);
          } else {
            log.unexpected(
                Kind.INVALID, "invalid body " + body + " answered " + status + ": " + response);
          }
        },
        Kind.INVALID);
    return true;
  }

  private void cancel(UUID orderId) {
    send(
        post("/orders/" + orderId + "/cancel", "{\"reason\":\"system test\"}", null),
        (status, response) -> {
          if (status == 200) {
            log.cancelled(orderId);
            synchronized (cancelled) {
              cancelled.add(orderId);
            }
          } else if (status == 409) {
            // Its payment was declined before the cancellation came: REJECTED, the ledger checks.
            log.cancelRefused(orderId);
          } else {
            log.unexpected(
                Kind.CANCEL, "cancelling " + orderId + " answered " + status + ": " + response);
          }
        },
        Kind.CANCEL);
  }

  private boolean cancelAgain() {
    UUID orderId;
    synchronized (cancelled) {
      if (cancelled.isEmpty()) {
        return false;
      }
      orderId = cancelled.get(random.nextInt(cancelled.size()));
    }
    send(
        post("/orders/" + orderId + "/cancel", "{\"reason\":\"again\"}", null),
        (status, response) -> {
          if (status == 409) {
            log.record(Kind.CANCEL_AGAIN, Outcome.REJECTED);
          } else {
            log.unexpected(
                Kind.CANCEL_AGAIN,
                "second cancellation of " + orderId + " answered " + status + ": " + response);
          }
        },
        Kind.CANCEL_AGAIN);
    return true;
  }

  /**
   * Sends; a 5xx, a timeout or a broken connection is UNKNOWN, anything else goes to {@code
   * onAnswer}.
   */
  private void send(HttpRequest request, Answer onAnswer, Kind kind) {
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              try {
                if (failure != null || response.statusCode() >= 500) {
                  log.record(kind, Outcome.UNKNOWN);
                } else {
                  onAnswer.accept(response.statusCode(), response.body());
                }
              } catch (RuntimeException e) {
                log.unexpected(kind, kind + " answer could not be read: " + e);
              } finally {
                inFlight.release();
              }
            });
  }

  private HttpRequest post(String path, String body, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(baseUri.resolve(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header(ServiceToken.HEADER, authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return request.build();
  }

  private String orderBody(String customer) {
    StringBuilder lines = new StringBuilder();
    // Every eighth order (on average) is above payment-service's limit: declined, then REJECTED.
    if (random.nextInt(ABOVE_LIMIT_ONE_IN) == 0) {
      lines.append("{\"sku\":\"SKU-LARGE\",\"quantity\":1,\"unitPrice\":1500.00},");
    }
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        lines.append(',');
      }
      lines.append(
          String.format(
              "{\"sku\":\"SKU-%d\",\"quantity\":%d,\"unitPrice\":%d.%02d}",
              random.nextInt(500),
              1 + random.nextInt(5),
              1 + random.nextInt(99),
              random.nextInt(100)));
    }
    return "{\"customerId\":\"" + customer + "\",\"currency\":\"EUR\",\"lines\":[" + lines + "]}";
  }

  private UUID orderId(String response) {
    try {
      JsonNode order = json.readTree(response);
      return UUID.fromString(order.get("id").asText());
    } catch (Exception e) {
      throw new IllegalStateException("no order id in " + response, e);
    }
  }

  private Placed randomPlaced() {
    synchronized (placed) {
      return placed.isEmpty() ? null : placed.get(random.nextInt(placed.size()));
    }
  }

  /** From callback threads: {@link #random} belongs to the ticker. */
  private static double random() {
    return java.util.concurrent.ThreadLocalRandom.current().nextDouble();
  }

  private static long delayNanos() {
    return TimeUnit.MILLISECONDS.toNanos(
        java.util.concurrent.ThreadLocalRandom.current().nextLong(300, 5_000));
  }

  @FunctionalInterface
  private interface Answer {
    void accept(int status, String body);
  }

  /** A cancellation that becomes due at {@code dueNanos} ({@link System#nanoTime()}). */
  private record DueCancel(UUID orderId, long dueNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
