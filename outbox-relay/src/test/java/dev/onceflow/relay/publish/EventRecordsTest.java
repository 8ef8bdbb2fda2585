package dev.onceflow.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Pure logic, on records shaped as the Outbox Event Router emits them. */
class EventRecordsTest {

  private final EventRecords records = new EventRecords(OnceflowTopics.EVENT_TOPIC_PREFIX);

  @Test
  void publishesThePayloadTextOnceAndHeadersAsText() {
    String payload = "{\"total\": 12.50, \"orderId\": \"o-1\"}";
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(OnceflowHeaders.EVENT_ID, "3fc03f73-ef16-4f78-8d29-4b64fd68af14");
    headers.addString(OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
    headers.addInt(OnceflowHeaders.SCHEMA_VERSION, 1);
    headers.addLong(OnceflowHeaders.AGGREGATE_SEQUENCE, 7L);
    headers.add(OnceflowHeaders.TRACEPARENT, null, Schema.OPTIONAL_STRING_SCHEMA);
    headers.addString(OnceflowHeaders.CREATED_AT, "2026-11-27T04:45:39.904354Z");
    SourceRecord routed =
        new SourceRecord(
            Map.of("server", "s"),
            Map.of("lsn", 1L),
            OnceflowTopics.ORDER_EVENTS,
            null,
            Schema.STRING_SCHEMA,
            "o-1",
            Schema.STRING_SCHEMA,
            payload,
            null,
            headers);

    assertThat(records.isEvent(routed)).isTrue();
    PublishableEvent event = records.toEvent(routed);
    ProducerRecord<byte[], byte[]> record = event.record();

    assertThat(record.topic()).isEqualTo(OnceflowTopics.ORDER_EVENTS);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("o-1");
    assertThat(record.value()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
    Map<String, String> published = new HashMap<>();
    for (Header header : record.headers()) {
      published.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    assertThat(published)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                OnceflowHeaders.EVENT_ID, "3fc03f73-ef16-4f78-8d29-4b64fd68af14",
                OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED,
                OnceflowHeaders.SCHEMA_VERSION, "1",
                OnceflowHeaders.AGGREGATE_SEQUENCE, "7",
                OnceflowHeaders.CREATED_AT, "2026-11-27T04:45:39.904354Z"));
    assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-27T04:45:39.904354Z"));
  }

  @Test
  void heartbeatsAndMessagesAreNotEvents() {
    SourceRecord heartbeat =
        new SourceRecord(
            Map.of("server", "s"),
            Map.of("lsn", 2L),
            "__debezium-heartbeat.s",
            Schema.STRING_SCHEMA,
            "beat");
    assertThat(records.isEvent(heartbeat)).isFalse();
  }

  @Test
  void theSourceTransactionsCommitTimeBecomesTheCommittedAtHeader() {
    SourceRecord routed =
        new SourceRecord(
            Map.of("server", "s"),
            Map.of("lsn", 3L, "ts_usec", 1_795_759_706_123_456L),
            OnceflowTopics.ORDER_EVENTS,
            null,
            Schema.STRING_SCHEMA,
            "o-1",
            Schema.STRING_SCHEMA,
            "{}",
            null,
            new ConnectHeaders());

    Header committedAt =
        records.toEvent(routed).record().headers().lastHeader(OnceflowHeaders.COMMITTED_AT);

    assertThat(new String(committedAt.value(), StandardCharsets.UTF_8))
        .isEqualTo("2026-11-27T06:08:26.123456Z");
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
