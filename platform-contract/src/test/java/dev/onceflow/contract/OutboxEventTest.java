package dev.onceflow.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderConfirmed;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderLine;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.contract.order.OrderRejected;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pure unit test of the event contracts: routing metadata derived from the event, JSON payload
 * shape.
 */
class OutboxEventTest {

  private final ObjectMapper mapper =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final OrderPlaced placed =
      new OrderPlaced(
          "order-1",
          "customer-7",
          "EUR",
          List.of(new OrderLine("SKU-1", 2, new BigDecimal("4.50"))),
          new BigDecimal("9.00"),
          Instant.parse("2026-11-27T10:00:00Z"),
          1);

  @Test
  void routingMetadataIsDerivedFromTheEvent() {
    assertThat(placed.aggregateType()).isEqualTo("order");
    assertThat(placed.aggregateId()).isEqualTo("order-1");
    assertThat(placed.eventType()).isEqualTo("OrderPlaced");
    assertThat(placed.schemaVersion()).isEqualTo(1);
    assertThat(placed.aggregateSequence()).isEqualTo(1);
    assertThat(OnceflowTopics.eventTopic(placed.aggregateType())).isEqualTo("outbox.event.order");

    OrderCancelled cancelled =
        new OrderCancelled("order-1", "customer-7", "changed mind", Instant.EPOCH, 2);
    assertThat(cancelled.eventType()).isEqualTo("OrderCancelled");
    assertThat(cancelled.aggregateSequence()).isEqualTo(2);
  }

  @Test
  void payloadHoldsTheRecordComponentsAndNoRoutingMetadata() throws Exception {
    JsonNode json = mapper.readTree(mapper.writeValueAsString(placed));

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "orderId", "customerId", "currency", "lines", "total", "placedAt", "sequence");
    assertThat(json.get("lines").get(0).get("unitPrice").decimalValue())
        .isEqualByComparingTo("4.50");
    assertThat(mapper.readValue(mapper.writeValueAsString(placed), OrderPlaced.class))
        .isEqualTo(placed);
  }

  @Test
  void anOrderIsDecidedOnceAtSequenceTwo() {
    Instant at = Instant.parse("2026-12-06T10:00:00Z");
    assertThat(new OrderConfirmed("order-1", "customer-7", at, 2).violations()).isEmpty();
    assertThat(new OrderConfirmed("order-1", "customer-7", at, 3).violations())
        .containsExactly("sequence of OrderConfirmed must be 2, was 3");
    assertThat(new OrderRejected("order-1", "customer-7", null, at, 2).violations())
        .containsExactly("reason is required");
    assertThat(OrderEvents.TYPES)
        .containsEntry("OrderConfirmed", OrderConfirmed.class)
        .containsEntry("OrderRejected", OrderRejected.class)
        .hasSize(4);
  }
}
