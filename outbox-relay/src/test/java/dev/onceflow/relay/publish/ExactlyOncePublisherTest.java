package dev.onceflow.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalKafka;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.relay.offsets.OffsetRecords;
import dev.onceflow.relay.offsets.OffsetsTopic;
import dev.onceflow.relay.testing.EventTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * The transactional publisher against the real Kafka broker: events and offset commit together, a
 * second instance of the shard fences the first, and the fenced one knows it.
 */
class ExactlyOncePublisherTest {

  private static final String ENGINE = "onceflow-relay-publisher_test";

  @Test
  void aSecondInstanceFencesTheFirstWhichPublishesNothingMore() throws Exception {
    LocalKafka kafka = LocalPlatformTestResource.kafka();
    String events = "publisher_test." + OnceflowTopics.ORDER_EVENTS;
    OffsetsTopic offsets =
        new OffsetsTopic(
            "publisher_test.offsets",
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            Duration.ofSeconds(30));
    try (Admin admin = kafka.admin()) {
      offsets.ensureExists(admin);
    }
    kafka.createTopic(events, 1, Map.of());
    Map<String, String> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
    OffsetRecords offsetRecords = new OffsetRecords(ENGINE, offsets.name());

    try (ExactlyOncePublisher first =
            new ExactlyOncePublisher(ProducerSettings.exactlyOnce(client, ENGINE), offsetRecords);
        ExactlyOncePublisher second =
            new ExactlyOncePublisher(ProducerSettings.exactlyOnce(client, ENGINE), offsetRecords);
        EventTopics reader = new EventTopics(kafka.bootstrapServers(), List.of(events))) {
      first.start();
      first.publish(List.of(event(events, "before")), last(100L));

      second.start();

      // The broker first refuses the old epoch (abortable); the abort then reports the fence.
      assertThatThrownBy(() -> first.publish(List.of(event(events, "zombie")), last(200L)))
          .isInstanceOf(KafkaException.class);
      assertThatThrownBy(first::recover)
          .satisfies(error -> assertThat(KafkaErrors.isFenced(error)).isTrue());
      second.publish(List.of(event(events, "after")), last(300L));

      assertThat(reader.pollUntilAtLeast(2, Duration.ofSeconds(30)))
          .extracting(e -> e.valueText())
          .containsExactly("\"before\"", "\"after\"");
      ByteBuffer key = ByteBuffer.wrap(offsetRecords.key(Map.of("server", "s")));
      ByteBuffer stored = offsets.readCommitted().get(key);
      byte[] bytes = new byte[stored.remaining()];
      stored.get(bytes);
      assertThat(offsetRecords.decodeValue(bytes)).containsEntry("lsn", 300L);
    }
  }

  private static PublishableEvent event(String topic, String text) {
    return new PublishableEvent(
        new ProducerRecord<>(
            topic,
            "o-1".getBytes(StandardCharsets.UTF_8),
            ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8)),
        Instant.now());
  }

  private static SourceRecord last(long lsn) {
    return new SourceRecord(
        Map.of("server", "s"),
        Map.of("lsn", lsn),
        "__debezium-heartbeat.s",
        Schema.STRING_SCHEMA,
        "");
  }
}
