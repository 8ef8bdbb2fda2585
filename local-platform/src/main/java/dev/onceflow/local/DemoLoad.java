package dev.onceflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.security.ServiceToken;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A demo load for a running platform, so that the dashboard has something to show: places orders
 * through order-service's REST API at a steady rate (every eighth above payment-service's default
 * limit, so that payments are both authorised and declined), cancels some of them a moment later
 * (an authorised payment is then refunded), and now and then publishes a poison record (not JSON)
 * straight to the order topic, which inbox-consumer dead-letters. Prints a progress bar. Run by
 * {@code ./onceflow demo} and {@code ./onceflow up --demo}. Every call carries the service token
 * ({@code Authorization: Bearer ...}).
 */
public final class DemoLoad {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every {@value}th order is above payment-service's default limit (1,000.00) and is declined. */
  static final int DECLINED_EVERY = 8;

  private static final int MAX_IN_FLIGHT = 64;

  private final URI orders;
  private final String kafka;
  private final double rate;
  private final long count;
  private final int cancelPercent;
  private final long poisonEvery;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong placed = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicLong poison = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile String lastError;

  public DemoLoad(
      URI orders,
      String kafka,
      double rate,
      long count,
      int cancelPercent,
      long poisonEvery,
      String serviceToken) {
    if (rate <= 0 || rate > 5_000) {
      throw new IllegalArgumentException("--rate must be between 0 and 5000 orders per second");
    }
    this.orders = orders;
    this.kafka = kafka;
    this.rate = rate;
    this.count = count;
    this.cancelPercent = cancelPercent;
    this.poisonEvery = poisonEvery;
    this.authorization = ServiceToken.authorization(serviceToken);
  }

  /** Runs until {@code count} orders were placed (0: until the process is stopped). */
  public void run() throws InterruptedException {
    Instant start = Instant.now();
    PrintStream out = System.out;
    out.printf(
        "demo: %s orders/s to %s, %d %% cancelled, a poison record every %d orders%s%n",
        format(rate),
        orders,
        cancelPercent,
        poisonEvery,
        count > 0 ? ", " + count + " orders" : " (Ctrl-C stops)");
    CountDownLatch done = new CountDownLatch(1);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      long periodNanos = (long) (1e9 / rate);
      timer.scheduleAtFixedRate(
          () -> {
            long n = started.incrementAndGet();
            if (count > 0 && n > count) {
              done.countDown();
              return;
            }
            if (poisonEvery > 0 && n % poisonEvery == 0) {
              poison(producer, n);
            }
            place(n);
          },
          0,
          Math.max(periodNanos, 200_000),
          TimeUnit.NANOSECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(done::countDown, "demo-stop"));
      boolean tty = System.console() != null;
      while (!done.await(tty ? 250 : 5_000, TimeUnit.MILLISECONDS)) {
        progress(out, start, tty);
      }
      timer.shutdownNow();
      inFlight.tryAcquire(MAX_IN_FLIGHT, 10, TimeUnit.SECONDS);
      progress(out, start, tty);
      out.println();
      out.println("demo: done");
    }
  }

  private void place(long n) {
    if (!inFlight.tryAcquire()) {
      failed.incrementAndGet();
      lastError =
          "order-service is slower than the rate: more than "
              + MAX_IN_FLIGHT
              + " requests in flight";
      return;
    }
    String body =
        "{\"customerId\":\"demo-c-"
            + (n % 97)
            + "\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"BOOK-"
            + (n % 13)
            + "\",\"quantity\":"
            + (n % DECLINED_EVERY == DECLINED_EVERY - 1 ? 100 : 1 + n % 3)
            + ",\"unitPrice\":12.50}]}";
    HttpRequest request =
        HttpRequest.newBuilder(orders.resolve("/orders"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "demo-" + UUID.randomUUID())
            .header(ServiceToken.HEADER, authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, error) -> {
              inFlight.release();
              if (error != null) {
                failed.incrementAndGet();
                lastError = error.toString();
              } else if (response.statusCode() == 201) {
                placed.incrementAndGet();
                String id = orderId(response.body());
                if (id != null && ThreadLocalRandom.current().nextInt(100) < cancelPercent) {
                  timer.schedule(
                      () -> cancel(id),
                      500 + ThreadLocalRandom.current().nextInt(2_500),
                      TimeUnit.MILLISECONDS);
                }
              } else if (response.statusCode() == 503) {
                refused.incrementAndGet(); // the relay's slot is not there yet: retried by nobody
              } else {
                failed.incrementAndGet();
                lastError = "HTTP " + response.statusCode() + ": " + response.body();
              }
            });
  }

  /** The {@code id} of order-service's answer to a placement, or {@code null}. */
  private static String orderId(String body) {
    try {
      JsonNode id = JSON.readTree(body).get("id");
      return id == null || !id.isTextual() ? null : id.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private void cancel(String orderId) {
    HttpRequest request =
        HttpRequest.newBuilder(orders.resolve("/orders/" + orderId + "/cancel"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header(ServiceToken.HEADER, authorization)
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"demo: changed my mind\"}"))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              if (error == null && response.statusCode() == 200) {
                cancelled.incrementAndGet();
              } else {
                failed.incrementAndGet();
                lastError =
                    error != null ? error.toString() : "cancel: HTTP " + response.statusCode();
              }
            });
  }

  private void poison(KafkaProducer<byte[], byte[]> producer, long n) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            OnceflowTopics.ORDER_EVENTS,
            ("demo-poison-" + n).getBytes(StandardCharsets.UTF_8),
            "{\"orderId\": this is not JSON".getBytes(StandardCharsets.UTF_8));
    header(record, OnceflowHeaders.EVENT_ID, UUID.randomUUID().toString());
    header(record, OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
    header(record, OnceflowHeaders.SCHEMA_VERSION, "1");
    header(record, OnceflowHeaders.AGGREGATE_SEQUENCE, "1");
    header(record, OnceflowHeaders.CREATED_AT, Instant.now().toString());
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            poison.incrementAndGet();
          } else {
            failed.incrementAndGet();
            lastError = "poison record: " + error;
          }
        });
  }

  private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "onceflow-demo");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private void progress(PrintStream out, Instant start, boolean tty) {
    double seconds = Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000.0);
    long done = placed.get();
    String bar;
    if (count > 0) {
      int width = 30;
      int filled = (int) Math.min(width, width * done / count);
      bar =
          "["
              + "#".repeat(filled)
              + ".".repeat(width - filled)
              + "] "
              + (100 * done / count)
              + " %";
    } else {
      bar =
          "["
              + "=".repeat((int) (seconds % 10) * 3)
              + ">"
              + " ".repeat(27 - (int) (seconds % 10) * 3)
              + "]";
    }
    String line =
        String.format(
            "%s %d placed · %d cancelled · %d poison · %s/s%s%s",
            bar,
            done,
            cancelled.get(),
            poison.get(),
            format(done / seconds),
            refused.get() > 0 ? " · " + refused.get() + " refused (503: relay not ready)" : "",
            failed.get() > 0 ? " · " + failed.get() + " failed (" + lastError + ")" : "");
    if (tty) {
      out.print("\r\033[K" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  private static String format(double value) {
    return value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
  }
}
