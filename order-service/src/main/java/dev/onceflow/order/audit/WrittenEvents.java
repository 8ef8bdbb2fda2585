package dev.onceflow.order.audit;

import dev.onceflow.contract.order.OrderEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * The events order-service wrote in a time window, as the live audit reads them: derived from the
 * orders themselves (an order's {@code OrderPlaced} is sequence 1 at {@code created_at}, its {@code
 * OrderConfirmed} or {@code OrderRejected} sequence 2 at {@code decided_at}, its {@code
 * OrderCancelled} the version it wrote at {@code cancelled_at}: 2 from placed, 3 after a
 * confirmation, the order's last version either way), so it works with the outbox's default
 * retention of zero, when no outbox row survives its transaction. A new event type must add its
 * branch here.
 */
@ApplicationScoped
public class WrittenEvents {

  /** One event written. */
  public record Written(
      String aggregateType, String aggregateId, long sequence, Instant writtenAt) {}

  private static final String WINDOW =
      "SELECT id, 1 AS sequence, created_at AS written_at FROM orders"
          + " WHERE created_at >= ? AND created_at < ?"
          + " UNION ALL"
          + " SELECT id, 2, decided_at FROM orders"
          + " WHERE decided_at >= ? AND decided_at < ?"
          + " UNION ALL"
          + " SELECT id, version, cancelled_at FROM orders"
          + " WHERE cancelled_at >= ? AND cancelled_at < ?"
          + " ORDER BY written_at LIMIT ?";

  private final EntityManager entityManager;

  WrittenEvents(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * The events written at or after {@code from} and before {@code to}, oldest first, at most {@code
   * limit}.
   */
  public List<Written> between(Instant from, Instant to, int limit) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .unwrap(Session.class)
                    .doReturningWork(
                        connection -> {
                          try (PreparedStatement statement = connection.prepareStatement(WINDOW)) {
                            // The window's bounds, once per event kind.
                            for (int kind = 0; kind < 3; kind++) {
                              statement.setTimestamp(2 * kind + 1, Timestamp.from(from));
                              statement.setTimestamp(2 * kind + 2, Timestamp.from(to));
                            }
                            statement.setInt(7, limit);
                            List<Written> written = new ArrayList<>();
                            try (ResultSet rows = statement.executeQuery()) {
                              while (rows.next()) {
                                written.add(
                                    new Written(
                                        OrderEvents.AGGREGATE_TYPE,
                                        rows.getObject(1).toString(),
                                        rows.getLong(2),
                                        rows.getTimestamp(3).toInstant()));
                              }
                            }
                            return written;
                          }
                        }));
  }
}
