package dev.onceflow.core.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;

/**
 * Checks that the relay's replication slot exists before an event is recorded. Logical decoding
 * only sees changes made after its slot was created: without this check, events written before the
 * relay's first start (or after its slot was dropped) would be committed and never published.
 *
 * <p>A positive answer is trusted for {@code onceflow.outbox.replication-slot-check-interval}, so
 * the check costs one catalog query per interval rather than per event.
 */
@ApplicationScoped
class ReplicationSlotGuard {

  private static final String SLOT_EXISTS =
      "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?1"
          + " AND database = current_database()";

  private final EntityManager entityManager;
  private final OutboxConfig config;
  private final Clock clock;
  private volatile long trustedUntilMillis = Long.MIN_VALUE;

  ReplicationSlotGuard(EntityManager entityManager, OutboxConfig config, Clock clock) {
    this.entityManager = entityManager;
    this.config = config;
    this.clock = clock;
  }

  /**
   * @throws ReplicationSlotMissing if the slot is required and does not exist
   */
  void ensureSlotExists() {
    if (!config.requireReplicationSlot()) {
      return;
    }
    long now = clock.millis();
    if (now < trustedUntilMillis) {
      return;
    }
    Number slots =
        (Number)
            entityManager
                .createNativeQuery(SLOT_EXISTS)
                .setParameter(1, config.replicationSlot())
                .getSingleResult();
    if (slots.longValue() == 0) {
      throw new ReplicationSlotMissing(config.replicationSlot());
    }
    trustedUntilMillis = now + config.replicationSlotCheckInterval().toMillis();
  }
}
