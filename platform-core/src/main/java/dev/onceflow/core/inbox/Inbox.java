package dev.onceflow.core.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Records which events a consumer has seen, inside the consumer's own database transaction.
 *
 * <p>The check is <em>insert first</em>: the event id is inserted and a conflict on the primary key
 * {@code (consumer, event_id)} means "already seen". Because the insert and the handler's effect
 * commit or roll back together, an event has exactly one effect per consumer however often Kafka
 * delivers it. A concurrent delivery of the same event (two instances around a rebalance) blocks on
 * the key until the first transaction ends, then sees the conflict: there is no window in which
 * both could decide "new", which is what a check-then-insert would leave open.
 *
 * <p>Every method runs in the caller's transaction ({@code MANDATORY}): an inbox entry committed
 * apart from its effect would either lose the effect or allow a second one.
 */
@ApplicationScoped
public class Inbox {

  private static final String INSERT_ONE =
      "INSERT INTO inbox_event (consumer, event_id, received_at, processed_at)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private static final String INSERT_MANY =
      "INSERT INTO inbox_event (consumer, event_id, received_at, processed_at)"
          + " SELECT ?, id, ?, ? FROM unnest(?::uuid[]) WITH ORDINALITY AS t(id, n) ORDER BY n"
          + " ON CONFLICT DO NOTHING RETURNING event_id";

  private static final String SET_PROCESSED =
      "UPDATE inbox_event SET processed_at = ? WHERE consumer = ? AND event_id = ANY(?::uuid[])";

  private static final String FORGET =
      "DELETE FROM inbox_event WHERE consumer = ? AND event_id = ANY(?::uuid[])";

  private final EntityManager entityManager;
  private final Clock clock;

  Inbox(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /**
   * Records {@code eventId} for {@code consumer} as received and processed now.
   *
   * @return {@code true} on the event's first delivery to this consumer (apply its effect), {@code
   *     false} if it was already recorded (skip it)
   * @throws jakarta.transaction.TransactionalException if no transaction is active
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean firstDelivery(String consumer, UUID eventId) {
    requireConsumer(consumer);
    Objects.requireNonNull(eventId, "eventId");
    Timestamp now = Timestamp.from(clock.instant());
    return work(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT_ONE)) {
            insert.setString(1, consumer);
            insert.setObject(2, eventId);
            insert.setTimestamp(3, now);
            insert.setTimestamp(4, now);
            return insert.executeUpdate() == 1;
          }
        });
  }

  /**
   * The batch form of {@link #firstDelivery}: records every id with one multi-row {@code INSERT …
   * ON CONFLICT DO NOTHING RETURNING event_id} and returns the ids that were new. An id given twice
   * is returned once: the caller applies its first occurrence only.
   *
   * <p>Ids are inserted in ascending order, so two transactions recording overlapping batches lock
   * the index entries in the same order and cannot deadlock on each other.
   *
   * @return the subset of {@code eventIds} seen for the first time by this consumer
   * @throws jakarta.transaction.TransactionalException if no transaction is active
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
    requireConsumer(consumer);
    if (eventIds.isEmpty()) {
      return Set.of();
    }
    UUID[] sorted = new TreeSet<>(eventIds).toArray(UUID[]::new);
    Timestamp now = Timestamp.from(clock.instant());
    return work(
        connection -> {
          Set<UUID> fresh = new HashSet<>(sorted.length * 2);
          try (PreparedStatement insert = connection.prepareStatement(INSERT_MANY)) {
            Array ids = connection.createArrayOf("uuid", sorted);
            insert.setString(1, consumer);
            insert.setTimestamp(2, now);
            insert.setTimestamp(3, now);
            insert.setArray(4, ids);
            try (ResultSet rows = insert.executeQuery()) {
              while (rows.next()) {
                fresh.add(rows.getObject(1, UUID.class));
              }
            }
            ids.free();
          }
          return fresh;
        });
  }

  /**
   * Marks recorded events as not yet processed: the consumer keeps them (deduplicated) but applies
   * their effect later, e.g. once the aggregate's previous event has arrived.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void markPending(String consumer, Collection<UUID> eventIds) {
    setProcessedAt(consumer, eventIds, null);
  }

  /** Marks recorded events as processed now, e.g. when a pending event's effect is applied. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void markProcessed(String consumer, Collection<UUID> eventIds) {
    setProcessedAt(consumer, eventIds, Timestamp.from(clock.instant()));
  }

  /**
   * Removes entries recorded in the current transaction for events the consumer decided <em>not
   * </em> to apply (e.g. dead-lettered after the insert): a later delivery or replay is then judged
   * again instead of being skipped as a duplicate. Never use it for an applied event.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void forget(String consumer, Collection<UUID> eventIds) {
    requireConsumer(consumer);
    if (eventIds.isEmpty()) {
      return;
    }
    work(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(FORGET)) {
            Array ids = connection.createArrayOf("uuid", eventIds.toArray(UUID[]::new));
            delete.setString(1, consumer);
            delete.setArray(2, ids);
            return delete.executeUpdate();
          }
        });
  }

  private void setProcessedAt(String consumer, Collection<UUID> eventIds, Timestamp at) {
    requireConsumer(consumer);
    if (eventIds.isEmpty()) {
      return;
    }
    work(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(SET_PROCESSED)) {
            Array ids = connection.createArrayOf("uuid", eventIds.toArray(UUID[]::new));
            update.setTimestamp(1, at);
            update.setString(2, consumer);
            update.setArray(3, ids);
            return update.executeUpdate();
          }
        });
  }

  private <T> T work(SqlWork<T> work) {
    return entityManager.unwrap(Session.class).doReturningWork(work::run);
  }

  static void requireConsumer(String consumer) {
    if (consumer == null || consumer.isBlank()) {
      throw new IllegalArgumentException("consumer name must not be blank");
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
