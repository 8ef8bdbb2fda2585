package dev.onceflow.inbox.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.EventTypes;
import dev.onceflow.core.inbox.InboxHandler;
import dev.onceflow.core.inbox.fault.InvalidEvent;
import dev.onceflow.core.inbox.fault.InvalidEventId;
import dev.onceflow.core.inbox.fault.MalformedEvent;
import dev.onceflow.core.inbox.fault.UnknownEventType;
import dev.onceflow.core.inbox.fault.UnsupportedSchemaVersion;
import dev.onceflow.core.inbox.pipeline.RecordDecoder;
import dev.onceflow.inbox.support.OrderEventRecords;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The order events' contract behind the library's record decoder, as the inbox runs them. Pure. */
class OrderEventDecodingTest {

  final EventTypes<OutboxEvent> reader = EventTypes.of(OrderEventRecords.JSON, OrderEvents.TYPES);
  final RecordDecoder<OutboxEvent> decoder =
      new RecordDecoder<>(
          new InboxHandler<>() {
            @Override
            public Decoded<OutboxEvent> decode(
                String eventType, int schemaVersion, EventEnvelope envelope) {
              return reader.decode(eventType, envelope);
            }

            @Override
            public void apply(List<ConsumedEvent<OutboxEvent>> events) {
              throw new UnsupportedOperationException("decoding only");
            }
          },
          Set.of(1));
  final UUID id = UUID.randomUUID();

  @Test
  void decodesWhatTheRelayPublishes() {
    OrderPlaced placed = OrderEventRecords.placed("o-1", "c-1", "12.50");

    ConsumedEvent<OutboxEvent> event =
        decoder.decode(envelope("o-1", OrderEventRecords.json(placed), headers()));

    assertThat(event.eventId()).isEqualTo(id);
    assertThat(event.aggregateId()).isEqualTo("o-1");
    assertThat(event.sequence()).isEqualTo(1);
    assertThat(event.payload()).isEqualTo(placed);
    assertThat(event.createdAt()).isNotNull();
    assertThat(event.traceparent())
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  @Test
  void rejectsEachKindOfPoisonWithItsReason() {
    byte[] valid = OrderEventRecords.json(OrderEventRecords.placed("o-1", "c-1", "1"));
    Map<String, String> noId = headers();
    noId.remove(OnceflowHeaders.EVENT_ID);
    Map<String, String> badId = headers();
    badId.put(OnceflowHeaders.EVENT_ID, "42");
    Map<String, String> unknown = headers();
    unknown.put(OnceflowHeaders.EVENT_TYPE, "OrderShipped");
    Map<String, String> future = headers();
    future.put(OnceflowHeaders.SCHEMA_VERSION, "2");
    Map<String, String> badSequence = headers();
    badSequence.put(OnceflowHeaders.AGGREGATE_SEQUENCE, "3");

    assertThatThrownBy(() -> decoder.decode(envelope("o-1", valid, noId)))
        .isInstanceOf(InvalidEventId.class);
    assertThatThrownBy(() -> decoder.decode(envelope("o-1", valid, badId)))
        .isInstanceOf(InvalidEventId.class);
    assertThatThrownBy(() -> decoder.decode(envelope("o-1", valid, unknown)))
        .isInstanceOf(UnknownEventType.class);
    assertThatThrownBy(() -> decoder.decode(envelope("o-1", valid, future)))
        .isInstanceOf(UnsupportedSchemaVersion.class);
    assertThatThrownBy(
            () ->
                decoder.decode(envelope("o-1", "[1,2".getBytes(StandardCharsets.UTF_8), headers())))
        .isInstanceOf(MalformedEvent.class);
    assertThatThrownBy(() -> decoder.decode(envelope("o-1", valid, badSequence)))
        .isInstanceOf(InvalidEvent.class)
        .hasMessageContaining("aggregateSequence");
    assertThatThrownBy(() -> decoder.decode(envelope("other-order", valid, headers())))
        .isInstanceOf(InvalidEvent.class)
        .hasMessageContaining("record key");
  }

  @Test
  void validationNamesEveryBrokenField() {
    byte[] broken =
        "{\"orderId\":\"o-1\",\"currency\":\"eur\",\"lines\":[{\"sku\":\"\",\"quantity\":0}],\"sequence\":1}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decoder.decode(envelope("o-1", broken, headers())))
        .isInstanceOf(InvalidEvent.class)
        .hasMessageContaining("customerId is required")
        .hasMessageContaining("currency")
        .hasMessageContaining("lines[0].sku is required")
        .hasMessageContaining("lines[0].quantity")
        .hasMessageContaining("lines[0].unitPrice")
        .hasMessageContaining("total")
        .hasMessageContaining("placedAt");
  }

  @Test
  void anInvalidTraceparentIsIgnoredNotFatal() {
    Map<String, String> headers = headers();
    headers.put(OnceflowHeaders.TRACEPARENT, "garbage");
    headers.put(OnceflowHeaders.CREATED_AT, "yesterday");

    ConsumedEvent<OutboxEvent> event =
        decoder.decode(
            envelope(
                "o-1",
                OrderEventRecords.json(OrderEventRecords.placed("o-1", "c-1", "1")),
                headers));

    assertThat(event.traceparent()).isNull();
    assertThat(event.createdAt()).isNull();
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(OnceflowHeaders.EVENT_ID, id.toString());
    headers.put(OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
    headers.put(OnceflowHeaders.SCHEMA_VERSION, "1");
    headers.put(OnceflowHeaders.AGGREGATE_SEQUENCE, "1");
    headers.put(OnceflowHeaders.CREATED_AT, "2026-11-27T10:00:00Z");
    headers.put(
        OnceflowHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    return headers;
  }

  private static EventEnvelope envelope(String key, byte[] value, Map<String, String> headers) {
    return new EventEnvelope(key, value, headers, "t", 0, 0);
  }
}
