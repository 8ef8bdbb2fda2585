package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.post;
import static dev.onceflow.order.OrderRequests.validBody;
import static dev.onceflow.order.ServiceTokens.authorized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.order.OrderEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The outbox rows are what the Debezium Outbox Event Router, and so every consumer, sees. */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class OutboxContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theTableHasTheColumnsTheEventRouterReads() {
    Map<Object, Object> columns =
        OrdersDatabase.rows(
                "SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = 'outbox_event'")
            .stream()
            .collect(Collectors.toMap(row -> row.get("column_name"), row -> row.get("data_type")));

    assertThat(columns)
        .containsEntry("id", "uuid")
        .containsEntry("aggregatetype", "character varying")
        .containsEntry("aggregateid", "character varying")
        .containsEntry("type", "character varying")
        .containsEntry("payload", "jsonb")
        .containsEntry("aggregate_sequence", "bigint")
        .containsEntry("created_at", "timestamp with time zone");
  }

  @Test
  void placingWritesOrderPlacedWithSequenceOne() throws Exception {
    String customer = newCustomer("contract-place");
    JsonPath order = OrderRequests.json(post(validBody(customer)).statusCode(201).extract());
    String orderId = order.getString("id");

    List<Map<String, Object>> rows = OrdersDatabase.outboxRowsOf(orderId);

    assertThat(rows).hasSize(1);
    Map<String, Object> row = rows.get(0);
    assertThat(row.get("id")).isInstanceOf(UUID.class);
    assertThat(row)
        .containsEntry("aggregatetype", OrderEvents.AGGREGATE_TYPE)
        .containsEntry("aggregateid", orderId)
        .containsEntry("type", OrderEvents.ORDER_PLACED)
        .containsEntry("aggregate_sequence", 1L)
        .containsEntry("schema_version", 1);
    assertThat(row.get("created_at")).isNotNull();

    JsonNode payload = JSON.readTree(row.get("payload").toString());
    assertThat(payload.get("orderId").asText()).isEqualTo(orderId);
    assertThat(payload.get("customerId").asText()).isEqualTo(customer);
    assertThat(payload.get("currency").asText()).isEqualTo("EUR");
    assertThat(payload.get("sequence").asLong()).isEqualTo(1);
    assertThat(payload.get("total").decimalValue()).isEqualByComparingTo("25.99");
    assertThat(Instant.parse(payload.get("placedAt").asText()))
        .isEqualTo(Instant.parse(order.getString("createdAt")));
    assertThat(payload.get("lines")).hasSize(2);
    JsonNode first = payload.get("lines").get(0);
    assertThat(first.get("sku").asText()).isEqualTo("SKU-1");
    assertThat(first.get("quantity").asInt()).isEqualTo(2);
    assertThat(first.get("unitPrice").decimalValue()).isEqualByComparingTo(new BigDecimal("10.50"));
    // Routing fields live in columns, not in the payload the consumers receive.
    assertThat(payload.has("aggregateType")).isFalse();
    assertThat(payload.has("eventType")).isFalse();
  }

  @Test
  void cancellingWritesOrderCancelledWithSequenceTwo() throws Exception {
    String customer = newCustomer("contract-cancel");
    String orderId = post(validBody(customer)).statusCode(201).extract().path("id");
    authorized()
        .contentType(ContentType.JSON)
        .body("{\"reason\": \"too slow\"}")
        .post("/orders/{id}/cancel", orderId)
        .then()
        .statusCode(200);

    List<Map<String, Object>> rows = OrdersDatabase.outboxRowsOf(orderId);

    assertThat(rows)
        .extracting(row -> row.get("type"), row -> row.get("aggregate_sequence"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OrderEvents.ORDER_PLACED, 1L),
            org.assertj.core.groups.Tuple.tuple(OrderEvents.ORDER_CANCELLED, 2L));
    JsonNode payload = JSON.readTree(rows.get(1).get("payload").toString());
    assertThat(payload.get("orderId").asText()).isEqualTo(orderId);
    assertThat(payload.get("customerId").asText()).isEqualTo(customer);
    assertThat(payload.get("reason").asText()).isEqualTo("too slow");
    assertThat(payload.get("sequence").asLong()).isEqualTo(2);
    assertThat(payload.get("cancelledAt").asText()).isNotBlank();
    assertThat(OrdersDatabase.number("SELECT version FROM orders WHERE id = ?::uuid", orderId))
        .isEqualTo(2);
  }
}
