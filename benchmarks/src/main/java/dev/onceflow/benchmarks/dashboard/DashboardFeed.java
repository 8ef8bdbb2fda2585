package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.benchmarks.dashboard.FeedRecords.Sent;
import dev.onceflow.contract.OnceflowTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the dashboard reads, at a rate that can change while it runs: every 20 ms one Kafka
 * transaction with the events due on {@link OnceflowTopics#ORDER_EVENTS} (headers and payload as
 * outbox-relay publishes them; nine in ten {@code OrderPlaced}, one in ten {@code OrderCancelled}
 * of a recent order), then, one tick later, each event's {@code InboxJournalEntry} on the journal
 * as inbox-consumer publishes it after its commit; every few seconds one event is dead-lettered
 * instead (a record on the dead-letter topic and a {@code DEAD_LETTERED} journal entry).
 *
 * <p>Keeps when each event's transaction committed ({@link System#nanoTime()}), by position in the
 * stream and by event id, so that a snapshot can be dated against it.
 */
final class DashboardFeed implements AutoCloseable {

  static final String CONSUMER = "fulfillment";
  private static final long TICK_NANOS = Duration.ofMillis(20).toNanos();
  private static final long DEAD_LETTER_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
  private static final int CHUNK = 1 << 16;
  private static final int RECENT = 256;

  private final KafkaProducer<byte[], byte[]> events;
  private final KafkaProducer<byte[], byte[]> journal;
  private final long[][] commitNanos = new long[1 << 14][];
  private final AtomicLong committed = new AtomicLong();
  private final ConcurrentHashMap<String, Long> commitByEventId = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<Committed> recent = new AtomicReferenceArray<>(RECENT);
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final Thread thread;
  private volatile int rate;
  private volatile boolean running = true;
  private volatile Throwable failure;
  private long orders;
  private String lastPlaced;
  private long lastDeadLetter = System.nanoTime();

  /** An order whose event committed at {@code nanos}. */
  record Committed(String orderId, long nanos) {}

  DashboardFeed(String bootstrapServers) {
    Properties transactional = base(bootstrapServers);
    transactional.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-bench-" + UUID.randomUUID());
    transactional.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    events = new KafkaProducer<>(transactional);
    events.initTransactions();
    Properties plain = base(bootstrapServers);
    plain.put(ProducerConfig.ACKS_CONFIG, "1");
    plain.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    plain.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    journal = new KafkaProducer<>(plain);
    thread = new Thread(this::run, "dashboard-feed");
    thread.setDaemon(true);
  }

  private static Properties base(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return config;
  }

  /** Starts feeding at {@code eventsPerSecond}. */
  DashboardFeed start(int eventsPerSecond) {
    rate = eventsPerSecond;
    thread.start();
    return this;
  }

  /** Changes the rate from the next tick on (0 pauses the feed). */
  void rate(int eventsPerSecond) {
    rate = eventsPerSecond;
    check();
  }

  /** Events committed so far. */
  long committed() {
    check();
    return committed.get();
  }

  /** Kafka transactions committed so far. */
  long transactions() {
    return batches.get();
  }

  /** Events dead-lettered so far. */
  long deadLettered() {
    return deadLettered.get();
  }

  /** When the event at {@code position} (0-based, in commit order) committed. */
  long commitNanos(long position) {
    return commitNanos[(int) (position / CHUNK)][(int) (position % CHUNK)];
  }

  /** When the event {@code eventId} committed, or {@code null} if it is not one of ours. */
  Long commitNanos(String eventId) {
    return commitByEventId.get(eventId);
  }

  /** The newest order whose event committed at least {@code age} ago, or {@code null}. */
  Committed recentOrder(Duration age) {
    long latest = batches.get();
    long before = System.nanoTime() - age.toNanos();
    for (long i = latest - 1; i >= Math.max(0, latest - RECENT); i--) {
      Committed candidate = recent.get((int) (i % RECENT));
      if (candidate != null && candidate.nanos() <= before) {
        return candidate;
      }
    }
    return null;
  }

  private void check() {
    if (failure != null) {
      throw new IllegalStateException("the feed failed", failure);
    }
  }

  private void run() {
    try {
      List<Sent> previous = List.of();
      long last = System.nanoTime();
      long next = last + TICK_NANOS;
      double owed = 0;
      while (running) {
        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        next += TICK_NANOS;
        long now = System.nanoTime();
        owed += rate * ((now - last) / 1e9);
        last = now;
        int due = (int) owed;
        owed -= due;
        outcomes(previous);
        previous = due > 0 ? publish(due) : List.of();
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  /** One transaction of {@code count} events, as the relay commits a batch. */
  private List<Sent> publish(int count) throws InterruptedException, ExecutionException {
    Instant tick = Instant.now();
    // The relay's hops before Kafka: outbox write, then the database commit a few ms later.
    Instant createdAt = tick.minusMillis(4);
    Instant dbCommit = tick.minusMillis(2);
    List<Sent> sent = new ArrayList<>(count);
    events.beginTransaction();
    for (int i = 0; i < count; i++) {
      String eventId = UUID.randomUUID().toString();
      boolean cancel = lastPlaced != null && orders % 10 == 9;
      String orderId = cancel ? lastPlaced : UUID.randomUUID().toString();
      ProducerRecord<byte[], byte[]> record =
          FeedRecords.orderEvent(
              eventId, orderId, cancel, "c-" + orders % 500, createdAt, dbCommit);
      lastPlaced = cancel ? null : orderId;
      orders++;
      sent.add(
          new Sent(
              eventId,
              orderId,
              FeedRecords.eventType(cancel),
              record.value(),
              createdAt,
              events.send(record)));
    }
    events.commitTransaction();
    long at = System.nanoTime();
    long position = committed.get();
    for (Sent event : sent) {
      int chunk = (int) (position / CHUNK);
      if (commitNanos[chunk] == null) {
        commitNanos[chunk] = new long[CHUNK];
      }
      commitNanos[chunk][(int) (position % CHUNK)] = at;
      commitByEventId.put(event.eventId(), at);
      position++;
    }
    committed.set(position); // after the times: a reader below this position finds them
    Sent last = sent.get(sent.size() - 1);
    long batch = batches.get();
    recent.set((int) (batch % RECENT), new Committed(last.orderId(), at));
    batches.set(batch + 1);
    return sent;
  }

  /** What the consumer did with the previous batch: processed, or now and then dead-lettered. */
  private void outcomes(List<Sent> batch) throws InterruptedException, ExecutionException {
    if (batch.isEmpty()) {
      return;
    }
    Instant received = Instant.now().minusMillis(3);
    Instant done = Instant.now();
    boolean deadLetterDue = System.nanoTime() - lastDeadLetter >= DEAD_LETTER_EVERY_NANOS;
    for (int i = 0; i < batch.size(); i++) {
      Sent event = batch.get(i);
      RecordMetadata where = event.metadata().get();
      boolean dead = deadLetterDue && i == 0;
      String reason = dead ? "benchmark-rejected: one event every 5 s" : null;
      if (dead) {
        journal.send(FeedRecords.deadLetter(event, where, CONSUMER, reason));
        lastDeadLetter = System.nanoTime();
        deadLettered.incrementAndGet();
      }
      journal.send(FeedRecords.journalEntry(event, where, CONSUMER, reason, received, done));
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close(Duration.ofSeconds(5));
    journal.close(Duration.ofSeconds(5));
  }
}
