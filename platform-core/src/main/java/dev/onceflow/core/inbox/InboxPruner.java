package dev.onceflow.core.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes a consumer's inbox entries older than its dedupe window, in small batches.
 *
 * <p>Each batch is one short transaction deleting at most {@code batchSize} rows found through the
 * {@code (consumer, received_at)} index, so pruning never holds many row locks, never scans the
 * table and spreads its WAL and vacuum work over time instead of producing one large burst. The
 * cost: every pruned entry is a second write (its delete) and a dead tuple for autovacuum, i.e.
 * pruning roughly doubles the inbox's write volume in steady state.
 *
 * <p>An entry whose event is held back ({@code processed_at} NULL: parked until its predecessor is
 * applied) is never pruned, however old: it is what makes a redelivery of the parked event a
 * duplicate while it waits. Once the event is applied its entry is marked processed and ages out by
 * its arrival time like any other.
 *
 * <p>A time-partitioned table (drop a day's partition) would prune for free, but PostgreSQL only
 * enforces uniqueness on a partitioned table per partition unless the key includes the partition
 * column: {@code (consumer, event_id)} could then repeat across days and deduplication would break.
 */
@ApplicationScoped
public class InboxPruner {

  private static final String PRUNE =
      "DELETE FROM inbox_event WHERE consumer = ? AND event_id IN ("
          + "SELECT event_id FROM inbox_event WHERE consumer = ? AND received_at < ?"
          + " AND processed_at IS NOT NULL ORDER BY received_at LIMIT ?)";

  private final EntityManager entityManager;
  private final Clock clock;

  InboxPruner(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /**
   * Deletes every processed entry of {@code consumer} received before {@code now - window}, one
   * batch per transaction. Must be called without an active transaction.
   *
   * @return the number of entries deleted
   */
  public long prune(String consumer, Duration window, int batchSize) {
    Inbox.requireConsumer(consumer);
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("dedupe window must be positive, was " + window);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("prune batch size must be at least 1, was " + batchSize);
    }
    Instant cutoff = clock.instant().minus(window);
    long total = 0;
    int deleted;
    do {
      deleted =
          QuarkusTransaction.requiringNew().call(() -> pruneBatch(consumer, cutoff, batchSize));
      total += deleted;
    } while (deleted == batchSize);
    return total;
  }

  private int pruneBatch(String consumer, Instant cutoff, int batchSize) {
    return entityManager
        .unwrap(org.hibernate.Session.class)
        .doReturningWork(
            connection -> {
              try (PreparedStatement delete = connection.prepareStatement(PRUNE)) {
                delete.setString(1, consumer);
                delete.setString(2, consumer);
                delete.setTimestamp(3, Timestamp.from(cutoff));
                delete.setInt(4, batchSize);
                return delete.executeUpdate();
              }
            });
  }
}
