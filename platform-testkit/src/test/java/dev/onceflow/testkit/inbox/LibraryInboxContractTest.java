package dev.onceflow.testkit.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.inbox.app.Counted;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The contract against the library itself, with the smallest handler ({@code CountingHandler}). */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "testkit"))
class LibraryInboxContractTest extends InboxContract {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject AgroalDataSource dataSource;

  @Override
  protected String bootstrapServers() {
    return LocalPlatformTestResource.kafka().bootstrapServers();
  }

  @Override
  protected String createTopic(String name) {
    String topic = "onceflow.testkit." + name + "." + UUID.randomUUID();
    LocalPlatformTestResource.kafka().createTopic(topic, 1, Map.of());
    return topic;
  }

  @Override
  protected Connection inboxDatabase() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  protected ProducerRecord<String, byte[]> event(
      String topic, String aggregateId, long sequence, UUID eventId) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, aggregateId, json(new Counted(aggregateId, sequence)));
    header(record, OnceflowHeaders.EVENT_ID, eventId.toString());
    header(record, OnceflowHeaders.EVENT_TYPE, Counted.TYPE);
    header(record, OnceflowHeaders.SCHEMA_VERSION, "1");
    header(record, OnceflowHeaders.AGGREGATE_SEQUENCE, Long.toString(sequence));
    header(record, OnceflowHeaders.CREATED_AT, Instant.now().toString());
    return record;
  }

  @Override
  protected long effects(String aggregateId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT count(*) FROM contract_effect WHERE aggregate_id = ?")) {
      count.setString(1, aggregateId);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
    record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
