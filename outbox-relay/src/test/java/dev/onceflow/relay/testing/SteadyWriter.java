package dev.onceflow.relay.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes outbox transactions at a steady rate from one connection, as a service under load would:
 * each transaction holds 1-3 events of random aggregates, about one in ten is rolled back. Only
 * events whose commit returned are recorded as committed; per aggregate their sequence numbers
 * follow commit order.
 */
public final class SteadyWriter implements AutoCloseable {

  private static final Duration OUTAGE_TIMEOUT = Duration.ofSeconds(10);

  private final OutboxDatabase database;
  private final int aggregates;
  private final String aggregatePrefix;
  private final Random random = new Random(42);
  private final Map<String, Long> sequences = new HashMap<>();
  private final List<OutboxRow> committed = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "steady-writer");
            thread.setDaemon(true);
            return thread;
          });
  private final List<OutboxRow> uncertain = new ArrayList<>();
  private boolean tolerateOutages;
  private Connection connection;
  private Map<String, Long> sequencesInFlight;
  private int rolledBack;
  private Instant lastCommit;

  /**
   * @param aggregates how many aggregates (Kafka keys) the events spread over
   * @param aggregatePrefix prefix of the aggregate ids, unique per test
   */
  public SteadyWriter(OutboxDatabase database, int aggregates, String aggregatePrefix) {
    this.database = database;
    this.aggregates = aggregates;
    this.aggregatePrefix = aggregatePrefix;
  }

  /**
   * Keeps writing through a database outage: a transaction that fails is retried with new events on
   * a new connection, and its events, whose commit may or may not have happened, are kept apart
   * ({@link #uncertain()}). Their sequences are used up, so that per-key order stays checkable.
   */
  public SteadyWriter tolerateOutages() {
    tolerateOutages = true;
    return this;
  }

  /** Events of transactions whose commit failed with the connection: committed or not. */
  public synchronized List<OutboxRow> uncertain() {
    return List.copyOf(uncertain);
  }

  /** Starts writing one transaction every {@code period}. */
  public SteadyWriter start(Duration period) {
    scheduler.scheduleAtFixedRate(this::writeOne, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    return this;
  }

  /** Stops writing and returns every committed event. */
  public List<OutboxRow> stop() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the writer did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the writer failed", failure.get());
    }
    return committed();
  }

  /** The events committed so far. */
  public synchronized List<OutboxRow> committed() {
    return List.copyOf(committed);
  }

  /**
   * Throws, with the cause, if the writer stopped on an error (with {@link #tolerateOutages()}: an
   * {@link Error}, which would otherwise end the scheduled task silently).
   */
  public void assertRunning() {
    if (failure.get() != null) {
      throw new IllegalStateException("the writer failed", failure.get());
    }
  }

  /** When the last commit returned, for a test's failure message; null before the first. */
  public synchronized Instant lastCommit() {
    return lastCommit;
  }

  /** How many transactions were rolled back. */
  public synchronized int rolledBack() {
    return rolledBack;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    close(connection);
  }

  private static void close(Connection connection) {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      // closing anyway
    }
  }

  private synchronized void writeOne() {
    if (failure.get() != null) {
      return;
    }
    List<OutboxRow> rows = null;
    sequencesInFlight = null;
    try {
      if (connection == null) {
        // Through an outage, a connection opened while the server crashes or starts, or one to a
        // server that vanished, must fail and be retried, not hang the writer forever.
        connection =
            tolerateOutages ? database.connectAsOwner(OUTAGE_TIMEOUT) : database.connectAsOwner();
      }
      int size = 1 + random.nextInt(3);
      boolean commit = random.nextInt(10) != 0;
      rows = new ArrayList<>(size);
      Map<String, Long> next = new HashMap<>();
      for (int i = 0; i < size; i++) {
        String aggregate = aggregatePrefix + "-" + random.nextInt(aggregates);
        long sequence = next.getOrDefault(aggregate, sequences.getOrDefault(aggregate, 0L)) + 1;
        next.put(aggregate, sequence);
        rows.add(OutboxRow.orderEvent(aggregate, sequence));
      }
      sequencesInFlight = next;
      OutboxDatabase.write(connection, rows, commit);
      if (commit) {
        sequences.putAll(next);
        committed.addAll(rows);
        lastCommit = Instant.now();
      } else {
        rolledBack++;
      }
    } catch (SQLException | RuntimeException | AssertionError e) {
      // AssertionError: when the server dies under a batch, pgjdbc's own assertion (enabled under
      // Surefire) that the connection still answers getAutoCommit() is what surfaces. Before it
      // was caught here it ended the scheduled task, and the writer stopped silently mid-test.
      if (!tolerateOutages) {
        failure.compareAndSet(null, e);
        return;
      }
      if (rows != null && sequencesInFlight != null) {
        sequences.putAll(sequencesInFlight);
        uncertain.addAll(rows);
      }
      close(connection);
      connection = null;
    } catch (Error e) {
      // A scheduled task that throws is never run again: record it, or the writer stops silently.
      failure.compareAndSet(null, e);
    }
  }
}
