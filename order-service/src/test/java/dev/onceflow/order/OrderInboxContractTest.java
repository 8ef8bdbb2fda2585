package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.PaymentOutcomeTest.authorization;
import static dev.onceflow.order.PaymentOutcomeTest.refund;

import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.RelayedRecords;
import dev.onceflow.testkit.inbox.InboxContract;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The testkit's inbox contract against the payment-outcome handler (consumer {@code orders}). An
 * aggregate is a placed order (the handler dead-letters a payment for an order it does not know),
 * its events are {@code PaymentAuthorized} (1) and {@code PaymentRefunded} (2).
 *
 * <p>Effects: the authorisation's is the order's decision event ({@code OrderConfirmed}) in the
 * outbox, kept in this profile. A refund changes nothing in an order by design (the cancellation
 * that caused it was the order's own change), so its only trace is the inbox having applied the
 * order's payment sequence 2: that is what the second effect reads.
 */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class OrderInboxContractTest extends InboxContract {

  @Inject AgroalDataSource dataSource;

  @Override
  protected String bootstrapServers() {
    return LocalPlatformTestResource.kafka().bootstrapServers();
  }

  @Override
  protected String createTopic(String name) {
    return PaymentOutcomeTest.newTopic("contract-" + name);
  }

  @Override
  protected Connection inboxDatabase() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  protected String newAggregateId() {
    return place(newCustomer("contract"));
  }

  @Override
  protected ProducerRecord<String, byte[]> event(
      String topic, String order, long sequence, UUID eventId) {
    if (sequence == 1) {
      return RelayedRecords.record(topic, eventId, authorization(order));
    }
    if (sequence == 2) {
      return RelayedRecords.record(topic, eventId, refund(order));
    }
    throw new IllegalArgumentException("an order's payment has events 1 and 2, not " + sequence);
  }

  @Override
  protected long effects(String order) {
    long decisions =
        OrdersDatabase.number(
            "SELECT count(*) FROM outbox_event WHERE aggregatetype = 'order' AND aggregateid = ?"
                + " AND type IN (?, ?)",
            order,
            OrderEvents.ORDER_CONFIRMED,
            OrderEvents.ORDER_REJECTED);
    long refunds =
        OrdersDatabase.number(
            "SELECT count(*) FROM inbox_aggregate WHERE consumer = 'orders' AND aggregate_id = ?"
                + " AND last_sequence >= 2",
            order);
    return decisions + refunds;
  }
}
