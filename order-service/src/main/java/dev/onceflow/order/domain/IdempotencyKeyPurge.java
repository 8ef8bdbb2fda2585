package dev.onceflow.order.domain;

import dev.onceflow.order.OrdersConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Deletes expired {@code Idempotency-Key} rows, so the ledger holds one {@code idempotency-key-ttl}
 * of keys instead of growing forever. An expired key no longer protects anything either way: {@link
 * OrderService#place} takes over an expired row when the key comes back.
 */
@ApplicationScoped
public class IdempotencyKeyPurge {

  private static final Logger LOG = Logger.getLogger(IdempotencyKeyPurge.class);

  // Batches keep each transaction, and the locks it holds, short.
  private static final int BATCH = 1_000;
  private static final String DELETE_EXPIRED =
      "DELETE FROM order_idempotency_key WHERE ctid = ANY (ARRAY(SELECT ctid FROM"
          + " order_idempotency_key WHERE created_at <= ?1 LIMIT "
          + BATCH
          + "))";

  private final EntityManager entityManager;
  private final OrdersConfig config;
  private final Clock clock;

  IdempotencyKeyPurge(EntityManager entityManager, OrdersConfig config, Clock clock) {
    this.entityManager = entityManager;
    this.config = config;
    this.clock = clock;
  }

  @Scheduled(
      every = "${onceflow.orders.idempotency-key-purge-interval}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    int purged = 0;
    int batch;
    do {
      batch = purgeBatch();
      purged += batch;
    } while (batch == BATCH);
    if (purged > 0) {
      LOG.infof("Purged %d expired idempotency keys", purged);
    }
  }

  /** Deletes up to one batch of keys older than the TTL; returns how many. */
  @Transactional
  public int purgeBatch() {
    Timestamp expiredAt = Timestamp.from(clock.instant().minus(config.idempotencyKeyTtl()));
    return entityManager
        .createNativeQuery(DELETE_EXPIRED)
        .setParameter(1, expiredAt)
        .executeUpdate();
  }
}
