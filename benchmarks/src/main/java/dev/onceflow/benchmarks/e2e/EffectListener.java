package dev.onceflow.benchmarks.e2e;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * When each order's effect became visible: a trigger on the consumer's {@code shipment} table sends
 * a {@code NOTIFY} per new shipment, which PostgreSQL delivers when the consumer's transaction
 * commits, and this listener notes the arrival time per order id.
 *
 * <p>The trigger is benchmark instrumentation, installed (as superuser) into the fulfillment
 * database after the consumer created its schema; it costs one notification per shipment.
 */
final class EffectListener implements AutoCloseable {

  private static final String CHANNEL = "onceflow_bench_shipment";

  private final Connection connection;
  private final Map<String, Long> effectMicros = new ConcurrentHashMap<>();
  private final AtomicLong notifications = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopped;

  private EffectListener(Connection connection) {
    this.connection = connection;
    this.thread = new Thread(this::listen, "effect-listener");
    thread.setDaemon(true);
  }

  /** Installs the trigger on {@code shipment} and starts listening on {@code connection}. */
  static EffectListener start(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE OR REPLACE FUNCTION onceflow_bench_notify_shipment() RETURNS trigger"
              + " LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('"
              + CHANNEL
              + "', NEW.order_id); RETURN NEW; END $$");
      statement.execute("DROP TRIGGER IF EXISTS onceflow_bench_notify_shipment ON shipment");
      statement.execute(
          "CREATE TRIGGER onceflow_bench_notify_shipment AFTER INSERT ON shipment"
              + " FOR EACH ROW EXECUTE FUNCTION onceflow_bench_notify_shipment()");
      statement.execute("LISTEN " + CHANNEL);
    }
    EffectListener listener = new EffectListener(connection);
    listener.thread.start();
    return listener;
  }

  /** Shipments seen so far. */
  long count() {
    return notifications.get();
  }

  /** When order {@code orderId}'s shipment committed, in epoch microseconds, or null. */
  Long effectMicros(String orderId) {
    return effectMicros.get(orderId);
  }

  private void listen() {
    PGConnection pg;
    try {
      pg = connection.unwrap(PGConnection.class);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    while (!stopped) {
      try {
        PGNotification[] batch = pg.getNotifications(100);
        if (batch == null) {
          continue;
        }
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        for (PGNotification notification : batch) {
          effectMicros.put(notification.getParameter(), micros);
          notifications.incrementAndGet();
        }
      } catch (SQLException e) {
        if (!stopped) {
          System.err.println("effect listener: " + e);
        }
        return;
      }
    }
  }

  @Override
  public void close() throws SQLException {
    stopped = true;
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
