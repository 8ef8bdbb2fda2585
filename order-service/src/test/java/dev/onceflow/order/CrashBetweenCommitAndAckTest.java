package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.place;
import static dev.onceflow.order.PaymentOutcomeTest.authorization;
import static dev.onceflow.order.PaymentOutcomeTest.awaitStatus;
import static dev.onceflow.order.PaymentOutcomeTest.events;
import static dev.onceflow.order.PaymentOutcomeTest.newTopic;
import static dev.onceflow.order.PaymentOutcomeTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.pipeline.InboxPipeline;
import dev.onceflow.testkit.RelayedRecords;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * An instance commits a payment outcome's decision and dies before Kafka learns of it, so the next
 * instance receives the same record again: the order is decided once and has one decision event.
 * Simulated in-process as the testkit's {@code InboxContract} does (the decision committed through
 * the library's own transaction, then the same record delivered through Kafka). {@link
 * OrderInboxContractTest} runs the contract's version, whose second effect is only the inbox's
 * record of the refund; this test checks the order's own events exactly.
 */
@QuarkusTest
@TestProfile(RetainedOutbox.class)
class CrashBetweenCommitAndAckTest {

  @Inject InboxPipeline pipeline;

  @Test
  void aRedeliveredOutcomeAfterItsCommitDecidesNothingMore() {
    String topic = newTopic("crash");
    String order = place(newCustomer("crash"));
    String marker = place(newCustomer("crash-marker"));
    ProducerRecord<String, byte[]> committed =
        RelayedRecords.record(topic, UUID.randomUUID(), authorization(order));
    ConsumedEvent<Object> decoded = pipeline.decode(envelope(committed));
    QuarkusTransaction.requiringNew().call(() -> pipeline.apply(List.of(decoded)));
    assertThat(events(order))
        .as("events committed by the crashed instance")
        .containsExactly(OrderEvents.ORDER_PLACED + "#1", OrderEvents.ORDER_CONFIRMED + "#2");

    publish(committed, RelayedRecords.record(topic, authorization(marker)));

    // One partition: once the marker after the redelivery is decided, the redelivery was handled.
    awaitStatus(marker, "CONFIRMED");
    assertThat(events(order))
        .containsExactly(OrderEvents.ORDER_PLACED + "#1", OrderEvents.ORDER_CONFIRMED + "#2");
    assertThat(
            OrdersDatabase.number(
                "SELECT count(*) FROM inbox_event WHERE consumer = 'orders' AND event_id = ?::uuid",
                decoded.eventId().toString()))
        .isEqualTo(1);
  }

  private static EventEnvelope envelope(ProducerRecord<String, byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return new EventEnvelope(record.key(), record.value(), headers, record.topic(), 0, 0);
  }
}
