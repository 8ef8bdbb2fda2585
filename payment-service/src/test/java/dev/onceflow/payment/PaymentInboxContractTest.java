package dev.onceflow.payment;

import dev.onceflow.contract.payment.PaymentEvents;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.RelayedRecords;
import dev.onceflow.testkit.inbox.InboxContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The testkit's inbox contract against the payment handler. An aggregate is an order whose total is
 * authorised; its effects are the payment events recorded in the same transaction ({@code
 * PaymentAuthorized} for the placement, {@code PaymentRefunded} for the cancellation), so a
 * duplicate effect would show as a second event: consume → effect → produce, exactly once.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = {
      @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "payments"),
      @ResourceArg(name = LocalPlatformTestResource.REPLICATION_SLOT, value = "onceflow_outbox")
    })
class PaymentInboxContractTest extends InboxContract {

  @Inject DataSource dataSource;

  @Override
  protected String bootstrapServers() {
    return LocalPlatformTestResource.kafka().bootstrapServers();
  }

  @Override
  protected String createTopic(String name) {
    String topic =
        "onceflow.test.payment.contract-"
            + name
            + "."
            + UUID.randomUUID().toString().substring(0, 8);
    LocalPlatformTestResource.kafka().createTopic(topic, 1, Map.of());
    return topic;
  }

  @Override
  protected Connection inboxDatabase() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  protected ProducerRecord<String, byte[]> event(
      String topic, String order, long sequence, UUID eventId) {
    if (sequence == 1) {
      return RelayedRecords.record(topic, eventId, PaymentFlowTest.placed(order, "9.99"));
    }
    if (sequence == 2) {
      return RelayedRecords.record(topic, eventId, PaymentFlowTest.cancelled(order));
    }
    throw new IllegalArgumentException("an order has events 1 and 2, not " + sequence);
  }

  @Override
  protected long effects(String order) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement read =
            connection.prepareStatement(
                "SELECT count(*) FROM outbox_event WHERE aggregatetype = ? AND aggregateid = ?")) {
      read.setString(1, PaymentEvents.AGGREGATE_TYPE);
      read.setString(2, order);
      try (ResultSet rows = read.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
