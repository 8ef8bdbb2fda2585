package dev.onceflow.local;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import java.io.PrintStream;
import java.net.URI;
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
 * limit, so that payments are both authorised and declined and orders both confirmed and rejected);
 * cancels {@code cancelPercent} % of them, every other one of those a moment later (while placed,
 * or too late if already rejected) and the others once order-service shows them confirmed ({@link
 * CancelAfterConfirmation}: the authorised payment is refunded, the shipped shipment cancelled);
 * and now and then publishes a poison record (not JSON) straight to the order topic, which
 * inbox-consumer dead-letters. Prints a progress line. Run by {@code ./onceflow demo} and {@code
 * ./onceflow up --demo}. Every call carries the service token ({@code Authorization: Bearer ...}).
 */
public final class DemoLoad {

  private static final int MAX_IN_FLIGHT = 64;

  /** How long an order may take from placed to confirmed before the demo stops waiting. */
  static final Duration CONFIRMATION_PATIENCE = Duration.ofSeconds(30);

  private final DemoOrders orders;
  private final String kafka;
  private final double rate;
  private final long count;
  private final int cancelPercent;
  private final long poisonEvery;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  private final DemoTally tally = new DemoTally();
  private final CancelAfterConfirmation afterConfirmation;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong cancelChoices = new AtomicLong();

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
    this.orders = new DemoOrders(orders, serviceToken);
    this.kafka = kafka;
    this.rate = rate;
    this.count = count;
    this.cancelPercent = cancelPercent;
    this.poisonEvery = poisonEvery;
    this.afterConfirmation =
        new CancelAfterConfirmation(
            this.orders, timer, tally, Duration.ofMillis(250), CONFIRMATION_PATIENCE, 1_000);
  }

  /** Runs until {@code count} orders were placed (0: until the process is stopped). */
  public void run() throws InterruptedException {
    Instant start = Instant.now();
    PrintStream out = System.out;
    out.printf(
        "demo: %s orders/s to %s, %d %% cancelled (half of them after confirmation),"
            + " a poison record every %d orders%s%n",
        DemoTally.format(rate),
        orders.uri(),
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
        tally.print(out, start, count, tty);
      }
      inFlight.tryAcquire(MAX_IN_FLIGHT, 10, TimeUnit.SECONDS);
      // The orders still waiting for their confirmation finish (bounded by their own patience).
      afterConfirmation.awaitIdle(CONFIRMATION_PATIENCE.plusSeconds(5));
      timer.shutdownNow();
      tally.print(out, start, count, tty);
      out.println();
      out.println("demo: done");
    }
  }

  private void place(long n) {
    if (!inFlight.tryAcquire()) {
      tally.failed(
          "order-service is slower than the rate: more than " + MAX_IN_FLIGHT + " in flight");
      return;
    }
    orders
        .place(n)
        .whenComplete(
            (response, error) -> {
              inFlight.release();
              if (error != null) {
                tally.failed(error.toString());
              } else if (response.statusCode() == 201) {
                tally.placed.incrementAndGet();
                DemoOrders.field(response.body(), "id").ifPresent(id -> maybeCancel(n, id));
              } else if (response.statusCode() == 503) {
                tally.refused.incrementAndGet(); // the relay's slot is not there yet: not retried
              } else {
                tally.failed("HTTP " + response.statusCode() + ": " + response.body());
              }
            });
  }

  private void maybeCancel(long n, String orderId) {
    if (ThreadLocalRandom.current().nextInt(100) >= cancelPercent) {
      return;
    }
    // Every other cancellation waits for the confirmation; a declined order is never confirmed.
    boolean afterConfirming = !DemoOrders.declined(n) && cancelChoices.incrementAndGet() % 2 == 0;
    if (afterConfirming && afterConfirmation.watch(orderId)) {
      return;
    }
    timer.schedule(
        () -> cancel(orderId),
        500 + ThreadLocalRandom.current().nextInt(2_500),
        TimeUnit.MILLISECONDS);
  }

  private void cancel(String orderId) {
    orders
        .cancel(orderId, "demo: changed my mind")
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                tally.failed("cancel: " + error);
              } else if (response.statusCode() == 200) {
                tally.cancelled.incrementAndGet();
              } else if (response.statusCode() == 409) {
                tally.tooLate.incrementAndGet(); // rejected before the cancellation came
              } else {
                tally.failed("cancel: HTTP " + response.statusCode());
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
            tally.poison.incrementAndGet();
          } else {
            tally.failed("poison record: " + error);
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
}
