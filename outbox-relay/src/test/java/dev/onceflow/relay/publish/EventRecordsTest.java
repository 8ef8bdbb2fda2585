package dev.onceflow.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.relay.testing.OutboxChanges;
import io.debezium.data.Envelope;
import io.debezium.transforms.outbox.EventRouter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Pure logic, on change events shaped as Debezium's PostgreSQL connector emits them. */
class EventRecordsTest {

  private static final long COMMITTED_USEC = 1_795_759_706_123_456L;

  private final EventRecords records = new EventRecords(OnceflowTopics.EVENT_TOPIC_PREFIX);

  @Test
  void anInsertedRowIsPublishedOnItsAggregatesTopicKeyedByTheAggregateWithEveryHeaderAsText() {
    Struct row =
        OutboxChanges.row("o-1")
            .put("id", "3fc03f73-ef16-4f78-8d29-4b64fd68af14")
            .put("aggregate_sequence", 7L)
            .put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    SourceRecord change = OutboxChanges.inserted(row, 1L, COMMITTED_USEC);

    assertThat(records.isEvent(change)).isTrue();
    PublishableEvent event = records.toEvent(change);
    ProducerRecord<byte[], byte[]> record = event.record();

    assertThat(record.topic()).isEqualTo(OnceflowTopics.ORDER_EVENTS);
    assertThat(record.partition()).isNull();
    assertThat(record.timestamp()).isNull();
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("o-1");
    assertThat(record.value())
        .isEqualTo("{\"orderId\": \"o-1\", \"total\": 12.50}".getBytes(StandardCharsets.UTF_8));
    assertThat(headers(record))
        .containsExactly(
            entry(OnceflowHeaders.EVENT_ID, "3fc03f73-ef16-4f78-8d29-4b64fd68af14"),
            entry(OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED),
            entry(OnceflowHeaders.SCHEMA_VERSION, "1"),
            entry(OnceflowHeaders.AGGREGATE_SEQUENCE, "7"),
            entry(
                OnceflowHeaders.TRACEPARENT,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            entry(OnceflowHeaders.CREATED_AT, "2026-11-27T04:45:39.904354Z"),
            entry(OnceflowHeaders.COMMITTED_AT, "2026-11-27T06:08:26.123456Z"));
    assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-27T04:45:39.904354Z"));
  }

  @Test
  void aRowWithoutTraceparentHasNoTraceparentHeader() {
    PublishableEvent event =
        records.toEvent(OutboxChanges.inserted(OutboxChanges.row("o-1"), 1L, COMMITTED_USEC));

    assertThat(event.record().headers().lastHeader(OnceflowHeaders.TRACEPARENT)).isNull();
    assertThat(event.record().headers().toArray()).hasSize(6);
  }

  /**
   * The contract did not change when the relay stopped using Debezium's Outbox Event Router: the
   * router, configured as the relay configured it, and the mapping of its output the relay had,
   * give the same records byte for byte (topic, partition, key, value, headers in order).
   */
  @Test
  void publishesTheSameRecordsAsTheOutboxEventRouterDid() {
    try (EventRouter<SourceRecord> router = new EventRouter<>()) {
      router.configure(
          Map.of(
              "route.topic.replacement",
              OnceflowTopics.EVENT_TOPIC_PREFIX + "${routedByValue}",
              "table.fields.additional.placement",
              "type:header:eventType,schema_version:header:schemaVersion,"
                  + "aggregate_sequence:header:aggregateSequence,traceparent:header:traceparent,"
                  + "created_at:header:createdAt"));
      for (Struct row :
          List.of(
              OutboxChanges.row("o-1"),
              OutboxChanges.row("o-2").put("traceparent", "00-aa-bb-01").put("schema_version", 3),
              OutboxChanges.row("p-9").put("aggregatetype", "payment").put("payload", "[]"))) {
        SourceRecord change = OutboxChanges.inserted(row, 5L, COMMITTED_USEC);

        ProducerRecord<byte[], byte[]> expected = routedAsBefore(router.apply(change));
        ProducerRecord<byte[], byte[]> actual = records.toEvent(change).record();

        assertThat(actual.topic()).isEqualTo(expected.topic());
        assertThat(actual.partition()).isEqualTo(expected.partition());
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.value()).isEqualTo(expected.value());
        assertThat(headers(actual)).containsExactlyElementsOf(headers(expected));
      }
    }
  }

  @Test
  void heartbeatsDeletesAndUpdatesAreNotEvents() {
    Struct row = OutboxChanges.row("o-1");
    assertThat(records.isEvent(OutboxChanges.heartbeat(2L))).isFalse();
    assertThat(records.isEvent(OutboxChanges.deleted(row, 3L))).isFalse();
    assertThat(records.isEvent(OutboxChanges.updated(row, 4L))).isFalse();
  }

  /**
   * An aggregate type Kafka refuses as a topic name still names the topic: the send fails with
   * {@code InvalidTopicException} and the event goes to the dead-letter topic, as before.
   */
  @Test
  void anAggregateTypeThatIsNoTopicNameIsKeptForTheDeadLetterTopicToReport() {
    PublishableEvent event =
        records.toEvent(
            OutboxChanges.inserted(
                OutboxChanges.row("o-1").put("aggregatetype", "order lines!"), 1L, COMMITTED_USEC));

    assertThat(event.record().topic())
        .isEqualTo(OnceflowTopics.EVENT_TOPIC_PREFIX + "order lines!");
  }

  @Test
  void aTableWithoutAnOutboxColumnFailsNamingIt() {
    Schema withoutAggregateType =
        SchemaBuilder.struct()
            .name("other")
            .field("id", Schema.STRING_SCHEMA)
            .field("payload", Schema.STRING_SCHEMA)
            .build();
    Schema envelope =
        Envelope.defineSchema()
            .withName("other.Envelope")
            .withRecord(withoutAggregateType)
            .withSource(SchemaBuilder.struct().optional().build())
            .build()
            .schema();
    Struct after = new Struct(withoutAggregateType).put("id", "1").put("payload", "{}");
    SourceRecord change =
        new SourceRecord(
            Map.of(),
            Map.of("lsn", 1L),
            "other",
            null,
            envelope,
            new Struct(envelope).put("op", "c").put("after", after));

    assertThat(records.isEvent(change)).isTrue();
    assertThatThrownBy(() -> records.toEvent(change))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aggregatetype");
  }

  /** What the relay published for a record the router had routed, before it routed by itself. */
  private static ProducerRecord<byte[], byte[]> routedAsBefore(SourceRecord routed) {
    List<Header> headers = new ArrayList<>();
    for (org.apache.kafka.connect.header.Header header : routed.headers()) {
      if (header.value() != null) {
        headers.add(
            new RecordHeader(
                header.key(), header.value().toString().getBytes(StandardCharsets.UTF_8)));
      }
    }
    EventRecords.committedAt(routed)
        .ifPresent(
            at ->
                headers.add(
                    new RecordHeader(
                        OnceflowHeaders.COMMITTED_AT,
                        at.toString().getBytes(StandardCharsets.UTF_8))));
    return new ProducerRecord<>(
        routed.topic(),
        null,
        null,
        ((String) routed.key()).getBytes(StandardCharsets.UTF_8),
        ((String) routed.value()).getBytes(StandardCharsets.UTF_8),
        headers);
  }

  private static List<Map.Entry<String, String>> headers(ProducerRecord<byte[], byte[]> record) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(entry(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
    }
    return headers;
  }

  @Test
  void readsCreatedAtAsOffsetDateTimeWouldInEveryFormDebeziumOrAnOperatorGives() {
    for (String text :
        List.of(
            "2026-11-27T04:45:39.904354Z",
            "2026-11-27T04:45:39Z",
            "2026-11-27T04:45:39.9Z",
            "2024-02-29T23:59:59.123456789Z",
            "1970-01-01T00:00:00.000001Z",
            "2026-11-27T06:45:39.904354+02:00")) {
      assertThat(EventRecords.instant(text))
          .as(text)
          .isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
    for (String text :
        List.of(
            "2026-02-30T04:45:39Z",
            "2026-11-27T24:45:39Z",
            "2026-11-27 04:45:39Z",
            "2026-11-27T04:45:39.1234567890Z",
            "not a time")) {
      assertThat(EventRecords.instant(text)).as(text).isNull();
    }
  }
}
