package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.OrderEventRecords.cancelled;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;

import dev.onceflow.inbox.support.InboxTestSupport;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.inbox.InboxContract;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The testkit's inbox contract against the fulfillment handler: an aggregate is an order, its
 * events are {@code OrderPlaced} (1) and {@code OrderCancelled} (2), and its effects are the placed
 * and cancelled counters of a customer who has only that order.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class FulfillmentInboxContractTest extends InboxContract {

  @Inject AgroalDataSource dataSource;

  @Override
  protected String bootstrapServers() {
    return InboxTestSupport.bootstrapServers();
  }

  @Override
  protected String createTopic(String name) {
    return InboxTestSupport.newTopic("contract-" + name, 1);
  }

  @Override
  protected Connection inboxDatabase() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  protected ProducerRecord<String, byte[]> event(
      String topic, String order, long sequence, UUID eventId) {
    if (sequence == 1) {
      return record(topic, eventId, placed(order, customerOf(order), "9.99"));
    }
    if (sequence == 2) {
      return record(topic, eventId, cancelled(order, customerOf(order)));
    }
    throw new IllegalArgumentException("an order has events 1 and 2, not " + sequence);
  }

  @Override
  protected long effects(String order) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement read =
            connection.prepareStatement(
                "SELECT coalesce(sum(orders_placed + orders_cancelled), 0) FROM customer_stats"
                    + " WHERE customer_id = ?")) {
      read.setString(1, customerOf(order));
      try (ResultSet rows = read.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static String customerOf(String order) {
    return "customer-of-" + order;
  }
}
