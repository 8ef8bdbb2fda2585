package dev.onceflow.testkit.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.pipeline.InboxPipeline;
import dev.onceflow.testkit.KafkaTestClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of the Onceflow inbox, as tests every consumer runs against its own handler, its
 * own database and a real Kafka: extend this class in a {@code @QuarkusTest} of the service and
 * implement the hooks (in the manner of gruelbox's {@code AbstractPersistorTest}).
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(LocalPlatformTestResource.class)
 * class ShippingInboxContractTest extends InboxContract {
 *   @Inject AgroalDataSource dataSource;
 *
 *   protected String bootstrapServers() { return LocalPlatformTestResource.kafka().bootstrapServers(); }
 *   protected String createTopic(String name) { ... a topic the test profile's pattern matches ... }
 *   protected Connection inboxDatabase() throws SQLException { return dataSource.getConnection(); }
 *   protected ProducerRecord<String, byte[]> event(String topic, String aggregateId, long sequence,
 *       UUID eventId) { ... the record the relay would publish ... }
 *   protected long effects(String aggregateId) { ... what the handler changed for it ... }
 * }
 * }</pre>
 *
 * <h2>What the application under test must do</h2>
 *
 * <ul>
 *   <li>consume every topic {@link #createTopic} creates ({@code onceflow.inbox.topic} a pattern
 *       and {@code mp.messaging.incoming.onceflow-inbox.pattern=true} in the test profile, with a
 *       short {@code metadata.max.age.ms} so new topics are picked up within a second);
 *   <li>apply sequences 1 and 2 of an aggregate, each adding one to {@link #effects}: an effect
 *       applied twice must show as one more.
 * </ul>
 *
 * <p>Every test owns its topic and aggregates, so the tests run in any order and beside the
 * service's other tests. Waits are Awaitility conditions, never sleeps; each assertion is an exact
 * count.
 */
public abstract class InboxContract {

  /** The library's transaction for a batch, used to replay what a crashed instance committed. */
  @Inject protected InboxPipeline pipeline;

  /** Kafka's bootstrap servers, as the application under test uses them. */
  protected abstract String bootstrapServers();

  /**
   * Creates a new single-partition topic that the application under test consumes, named after
   * {@code name} and unique to the calling test.
   *
   * @return the topic's name
   */
  protected abstract String createTopic(String name);

  /** A new connection to the inbox's database (the contract closes it). */
  protected abstract Connection inboxDatabase() throws SQLException;

  /**
   * A valid record of event number {@code sequence} (1 or 2) of {@code aggregateId}, exactly as the
   * relay publishes it: key = aggregate id, value = the payload, and the Onceflow headers ({@link
   * OnceflowHeaders#EVENT_ID} = {@code eventId}, {@link OnceflowHeaders#EVENT_TYPE}, {@link
   * OnceflowHeaders#SCHEMA_VERSION}, {@link OnceflowHeaders#AGGREGATE_SEQUENCE}).
   */
  protected abstract ProducerRecord<String, byte[]> event(
      String topic, String aggregateId, long sequence, UUID eventId);

  /**
   * How many effects the handler has applied for {@code aggregateId}, read from the service's own
   * tables (or REST API): 0 before its first event, one more for each applied event.
   */
  protected abstract long effects(String aggregateId) throws Exception;

  /**
   * A record the handler can never apply. By default {@link #event} with its payload replaced by
   * bytes that are not JSON; override it when the handler reads something else.
   */
  protected ProducerRecord<String, byte[]> poison(String topic, String aggregateId) {
    ProducerRecord<String, byte[]> valid = event(topic, aggregateId, 1, UUID.randomUUID());
    return new ProducerRecord<>(
        topic,
        null,
        valid.key(),
        "{not json".getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(valid.headers().toArray()));
  }

  /** A new aggregate id, unique to the calling test. */
  protected String newAggregateId() {
    return "contract-" + UUID.randomUUID();
  }

  /** How long a condition may take to hold. */
  protected Duration patience() {
    return Duration.ofSeconds(60);
  }

  @Test
  void theSameEventDeliveredTwiceHasOneEffect() throws Exception {
    String topic = createTopic("twice");
    String aggregate = newAggregateId();
    String marker = newAggregateId();
    UUID eventId = UUID.randomUUID();

    publish(
        event(topic, aggregate, 1, eventId),
        event(topic, aggregate, 1, eventId),
        event(topic, marker, 1, UUID.randomUUID()));

    // One partition: once the marker after both deliveries is applied, both were handled.
    awaitEffects(marker, 1);
    assertThat(effects(aggregate)).as("effects of the event delivered twice").isEqualTo(1);
    assertThat(inboxEntries(eventId)).as("inbox entries of the event").isEqualTo(1);
  }

  /**
   * A consumer instance commits an event's effect and dies before Kafka learns of it (the offset is
   * not committed), so the next instance receives the event again. Simulated in-process: the event
   * is committed through the library's own transaction, as the crashed instance did, then the same
   * record arrives through Kafka followed by the aggregate's next event. The process-level proof,
   * with {@code kill -9} between the commit and the acknowledgement, is inbox-consumer's {@code
   * CrashBetweenCommitAndAckIT}.
   */
  @Test
  void aCrashBetweenCommitAndAckLosesNothingAndDuplicatesNothing() throws Exception {
    String topic = createTopic("crash");
    String aggregate = newAggregateId();
    UUID first = UUID.randomUUID();
    ProducerRecord<String, byte[]> committed = event(topic, aggregate, 1, first);
    ConsumedEvent<Object> decoded = pipeline.decode(envelope(committed));
    QuarkusTransaction.requiringNew().call(() -> pipeline.apply(List.of(decoded)));
    assertThat(effects(aggregate)).as("effects committed by the crashed instance").isEqualTo(1);

    UUID second = UUID.randomUUID();
    publish(committed, event(topic, aggregate, 2, second));

    // The redelivery is skipped, the event after it in the partition is applied.
    awaitEffects(aggregate, 2);
    assertThat(inboxEntries(first)).as("inbox entries of the redelivered event").isEqualTo(1);
    assertThat(inboxEntries(second)).as("inbox entries of the next event").isEqualTo(1);
    assertThat(lastSequence(aggregate)).isEqualTo(2);
  }

  @Test
  void anEventAheadOfItsPredecessorIsParkedThenAppliedInOrder() throws Exception {
    String topic = createTopic("parked");
    String aggregate = newAggregateId();

    publish(event(topic, aggregate, 2, UUID.randomUUID()));
    await()
        .atMost(patience())
        .untilAsserted(() -> assertThat(parked(aggregate)).as("parked events").isEqualTo(1));
    assertThat(effects(aggregate)).as("effects while the predecessor is missing").isZero();

    publish(event(topic, aggregate, 1, UUID.randomUUID()));

    awaitEffects(aggregate, 2);
    assertThat(parked(aggregate)).as("parked events once released").isZero();
    assertThat(lastSequence(aggregate)).isEqualTo(2);
  }

  @Test
  void aPoisonRecordIsDeadLetteredAndThePartitionKeepsFlowing() throws Exception {
    String topic = createTopic("poison");
    String poisoned = newAggregateId();
    String after = newAggregateId();

    publish(poison(topic, poisoned), event(topic, after, 1, UUID.randomUUID()));

    awaitEffects(after, 1);
    assertThat(effects(poisoned)).as("effects of the poison record").isZero();
    List<ConsumerRecord<String, byte[]>> deadLetters =
        KafkaTestClient.read(
            bootstrapServers(),
            OnceflowTopics.DEAD_LETTERS,
            r -> topic.equals(KafkaTestClient.header(r, OnceflowHeaders.DLQ_TOPIC)),
            1,
            patience());
    assertThat(deadLetters).as("dead letters from " + topic).hasSize(1);
    ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(0);
    assertThat(KafkaTestClient.header(deadLetter, OnceflowHeaders.DLQ_REASON)).isNotBlank();
    assertThat(KafkaTestClient.header(deadLetter, OnceflowHeaders.DLQ_PARTITION)).isEqualTo("0");
    assertThat(KafkaTestClient.header(deadLetter, OnceflowHeaders.DLQ_OFFSET)).isEqualTo("0");
    assertThat(KafkaTestClient.header(deadLetter, OnceflowHeaders.DLQ_CONSUMER))
        .isEqualTo(pipeline.consumer());
    assertThat(deadLetter.key()).isEqualTo(poisoned);
    await()
        .atMost(patience())
        .untilAsserted(
            () -> assertThat(deadLetterRows(topic)).as("inbox_dead_letter rows").isEqualTo(1));
  }

  private void awaitEffects(String aggregateId, long expected) {
    await()
        .atMost(patience())
        .untilAsserted(
            () ->
                assertThat(effects(aggregateId))
                    .as("effects of " + aggregateId)
                    .isEqualTo(expected));
  }

  @SafeVarargs
  private void publish(ProducerRecord<String, byte[]>... records) {
    KafkaTestClient.publish(bootstrapServers(), List.of(records));
  }

  private static EventEnvelope envelope(ProducerRecord<String, byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return new EventEnvelope(record.key(), record.value(), headers, record.topic(), 0, 0);
  }

  private long inboxEntries(UUID eventId) throws SQLException {
    return count(
        "SELECT count(*) FROM inbox_event WHERE consumer = ? AND event_id = ?::uuid",
        eventId.toString());
  }

  private long parked(String aggregateId) throws SQLException {
    return count(
        "SELECT count(*) FROM inbox_parked_event WHERE consumer = ? AND aggregate_id = ?",
        aggregateId);
  }

  private long lastSequence(String aggregateId) throws SQLException {
    return count(
        "SELECT coalesce(max(last_sequence), 0) FROM inbox_aggregate"
            + " WHERE consumer = ? AND aggregate_id = ?",
        aggregateId);
  }

  private long deadLetterRows(String topic) throws SQLException {
    return count(
        "SELECT count(*) FROM inbox_dead_letter WHERE consumer = ? AND source_topic = ?", topic);
  }

  /** A number read with the consumer's name and one more parameter. */
  private long count(String sql, String parameter) throws SQLException {
    try (Connection connection = inboxDatabase();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, pipeline.consumer());
      statement.setString(2, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
