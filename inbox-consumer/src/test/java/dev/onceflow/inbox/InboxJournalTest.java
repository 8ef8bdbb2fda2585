package dev.onceflow.inbox;

import static dev.onceflow.inbox.support.InboxTestSupport.bootstrapServers;
import static dev.onceflow.inbox.support.InboxTestSupport.id;
import static dev.onceflow.inbox.support.InboxTestSupport.newTopic;
import static dev.onceflow.inbox.support.InboxTestSupport.publish;
import static dev.onceflow.inbox.support.OrderEventRecords.placed;
import static dev.onceflow.inbox.support.OrderEventRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.InboxJournalEntry.Outcome;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.inbox.support.OrderEventRecords;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * After each commit the consumer tells the dashboard what became of each event: processed, a
 * duplicate skipped, dead-lettered with its reason.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class InboxJournalTest {

  @Inject ObjectMapper json;

  @Test
  void eachOutcomeIsJournalledAfterTheCommit() {
    String topic = newTopic("journal", 1);
    UUID eventId = UUID.randomUUID();
    String orderId = id("order");
    ProducerRecord<String, byte[]> event = record(topic, eventId, placed(orderId, id("c"), "5.00"));
    UUID poisonId = UUID.randomUUID();
    ProducerRecord<String, byte[]> poison =
        new ProducerRecord<>(topic, id("order"), "{oops".getBytes(StandardCharsets.UTF_8));
    OrderEventRecords.header(poison, OnceflowHeaders.EVENT_ID, poisonId.toString());
    OrderEventRecords.header(poison, OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED);
    OrderEventRecords.header(poison, OnceflowHeaders.SCHEMA_VERSION, "1");
    publish(event, poison, event); // the event twice: the second delivery is a duplicate

    Set<String> ids = Set.of(eventId.toString(), poisonId.toString());
    List<InboxJournalEntry> entries =
        KafkaTestClient.read(
                bootstrapServers(),
                OnceflowTopics.INBOX_JOURNAL,
                r -> r.key() != null && ids.contains(r.key()),
                3,
                Duration.ofSeconds(60))
            .stream()
            .map(this::entry)
            .toList();

    assertThat(entries)
        .extracting(InboxJournalEntry::eventId, InboxJournalEntry::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(eventId.toString(), Outcome.PROCESSED),
            org.assertj.core.groups.Tuple.tuple(eventId.toString(), Outcome.DUPLICATE),
            org.assertj.core.groups.Tuple.tuple(poisonId.toString(), Outcome.DEAD_LETTERED));
    InboxJournalEntry processed =
        entries.stream().filter(e -> e.outcome() == Outcome.PROCESSED).findFirst().orElseThrow();
    assertThat(processed.consumer()).isEqualTo("fulfillment");
    assertThat(processed.key()).isEqualTo(orderId);
    assertThat(processed.topic()).isEqualTo(topic);
    assertThat(processed.offset()).isZero();
    assertThat(processed.createdAt()).isNotNull();
    assertThat(processed.receivedAt()).isBeforeOrEqualTo(processed.committedAt());
    assertThat(entries.stream().filter(e -> e.outcome() == Outcome.DEAD_LETTERED).findFirst())
        .hasValueSatisfying(e -> assertThat(e.reason()).startsWith("malformed-json"));
  }

  private InboxJournalEntry entry(ConsumerRecord<String, byte[]> record) {
    try {
      return json.readValue(record.value(), InboxJournalEntry.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
