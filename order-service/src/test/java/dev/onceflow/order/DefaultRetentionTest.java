package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With the production default ({@code onceflow.outbox.retention=0s}) the outbox row is deleted in
 * the transaction that inserted it; what reaches the relay is the insert in the WAL. A logical
 * replication slot on the outbox publication reads it the way Debezium does (pgoutput).
 */
@QuarkusTest
@TestProfile(DefaultOutbox.class)
class DefaultRetentionTest {

  // pgoutput messages start with their kind: 'I' insert, 'D' delete.
  private static final String CHANGES =
      "SELECT count(*) FROM pg_logical_slot_peek_binary_changes(?, NULL, NULL,"
          + " 'proto_version', '1', 'publication_names', 'onceflow_outbox')"
          + " WHERE get_byte(data, 0) = ascii(?) AND position(convert_to(?, 'UTF8') IN data) > 0";

  @Test
  void theOutboxRowIsGoneButItsInsertIsInTheWal() {
    String slot = "order_service_test_" + UUID.randomUUID().toString().replace("-", "");
    OrdersDatabase.rows("SELECT * FROM pg_create_logical_replication_slot(?, 'pgoutput')", slot);
    try {
      String customer = newCustomer("default-retention");
      String orderId = place(customer);

      assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(1);
      assertThat(OrdersDatabase.outboxRowsOf(orderId)).isEmpty();
      assertThat(OrdersDatabase.number(CHANGES, slot, "I", orderId)).isEqualTo(1);
      // The publication carries inserts only, so the same-transaction delete publishes nothing.
      assertThat(OrdersDatabase.number(CHANGES, slot, "D", "")).isZero();
    } finally {
      OrdersDatabase.rows("SELECT pg_drop_replication_slot(?)", slot);
    }
  }
}
