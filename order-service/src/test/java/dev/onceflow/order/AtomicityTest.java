package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.post;
import static dev.onceflow.order.OrderRequests.validBody;
import static dev.onceflow.order.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.contract.order.OrderLine;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.outbox.EventNotSerializable;
import dev.onceflow.core.outbox.Outbox;
import dev.onceflow.order.domain.NewOrder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The order and its event commit together or not at all. Outbox rows are retained in this profile,
 * so "no outbox row" means the insert rolled back, not that it was deleted after the fact.
 */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class AtomicityTest {

  // Refuses outbox inserts for customers named doomed-…, after the order rows were inserted.
  private static final String REFUSE_DOOMED =
      """
      CREATE OR REPLACE FUNCTION order_service_test_refuse_doomed() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.payload->>'customerId' LIKE 'doomed-%' THEN
          RAISE EXCEPTION 'outbox insert refused by test for %', NEW.payload->>'customerId';
        END IF;
        RETURN NEW;
      END $$;
      CREATE OR REPLACE TRIGGER order_service_test_refuse_doomed BEFORE INSERT ON outbox_event
        FOR EACH ROW EXECUTE FUNCTION order_service_test_refuse_doomed();
      """;
  private static final String ALLOW_ALL =
      "DROP TRIGGER IF EXISTS order_service_test_refuse_doomed ON outbox_event";

  @Inject Outbox outbox;
  @Inject DoomedPlacement doomedPlacement;

  @Test
  void aFailedOutboxInsertRollsBackTheOrderAndItsIdempotencyKey() {
    String customer = newCustomer("doomed");
    String key = UUID.randomUUID().toString();
    double placedBefore = Metrics.value(Metrics.ORDERS_PLACED);
    double writtenBefore = Metrics.value(Metrics.OUTBOX_PLACED);

    OrdersDatabase.execute(REFUSE_DOOMED);
    try {
      assertProblem(post(validBody(customer), key), 500, "about:blank");
    } finally {
      OrdersDatabase.execute(ALLOW_ALL);
    }

    assertThat(OrdersDatabase.ordersOf(customer)).isZero();
    assertThat(OrdersDatabase.outboxRowsOfCustomer(customer)).isZero();
    assertThat(
            OrdersDatabase.number(
                "SELECT count(*) FROM order_idempotency_key WHERE idempotency_key = ?", key))
        .isZero();
    assertThat(Metrics.value(Metrics.ORDERS_PLACED)).isEqualTo(placedBefore);
    assertThat(Metrics.value(Metrics.OUTBOX_PLACED)).isEqualTo(writtenBefore);

    // The key was released with the rollback, so the client's retry places the order.
    post(validBody(customer), key).statusCode(201);
    assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(1);
    assertThat(OrdersDatabase.outboxRowsOfCustomer(customer)).isEqualTo(1);
  }

  @Test
  void anUnserializableEventRollsBackTheOrderWrittenBeforeIt() {
    String customer = newCustomer("unserializable");
    NewOrder order =
        new NewOrder(customer, "EUR", List.of(new OrderLine("SKU-1", 1, new BigDecimal("9.99"))));

    assertThatThrownBy(
            () ->
                doomedPlacement.placeThenRecord(
                    order, new DoomedPlacement.Unserializable(UUID.randomUUID().toString(), "x")))
        .isInstanceOf(EventNotSerializable.class);

    assertThat(OrdersDatabase.ordersOf(customer)).isZero();
    assertThat(OrdersDatabase.outboxRowsOfCustomer(customer)).isZero();
  }

  @Test
  void theOutboxRefusesToWriteOutsideATransaction() {
    String orderId = UUID.randomUUID().toString();
    OrderPlaced event =
        new OrderPlaced(
            orderId,
            newCustomer("no-transaction"),
            "EUR",
            List.of(new OrderLine("SKU-1", 1, BigDecimal.ONE)),
            BigDecimal.ONE,
            Instant.now(),
            1);

    assertThatThrownBy(() -> outbox.record(event)).isInstanceOf(TransactionalException.class);
    assertThat(OrdersDatabase.outboxRowsOf(orderId)).isEmpty();
  }
}
