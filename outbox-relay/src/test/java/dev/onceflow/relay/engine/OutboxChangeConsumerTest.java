package dev.onceflow.relay.engine;

import static dev.onceflow.relay.testing.TestConfigs.relayConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.relay.RelayFenced;
import dev.onceflow.relay.metrics.RelayMetrics;
import dev.onceflow.relay.publish.BatchPublisher;
import dev.onceflow.relay.publish.DeadLetters;
import dev.onceflow.relay.publish.EventRecords;
import dev.onceflow.relay.publish.EventsRejected;
import dev.onceflow.relay.publish.PublishableEvent;
import dev.onceflow.relay.testing.OutboxChanges;
import dev.onceflow.relay.tracing.PublishSpans;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Pure unit test of the batch contract, with an in-memory publisher and committer standing in for
 * Kafka and the engine: records are marked processed only after the batch was published; a
 * retriable failure publishes the same batch again; a fence or an unknown outcome marks nothing.
 */
class OutboxChangeConsumerTest {

  private static final String DEAD_LETTERS = "relay.dead-letters";

  private final ScriptedPublisher publisher = new ScriptedPublisher();
  private final RecordingCommitter committer = new RecordingCommitter();
  private final AtomicReference<RelayFenced> fenced = new AtomicReference<>();
  private final Map<String, ApiException> missingTopics = new HashMap<>();
  private final OutboxChangeConsumer consumer =
      new OutboxChangeConsumer(
          new EventRecords(OnceflowTopics.EVENT_TOPIC_PREFIX),
          topic -> Optional.ofNullable(missingTopics.get(topic)),
          new DeadLetters(DEAD_LETTERS),
          publisher,
          new RelayMetrics(new SimpleMeterRegistry(), relayConfig(Map.of())),
          new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)),
          fenced::set,
          PublishSpans.disabled());

  private final List<RecordChangeEvent<SourceRecord>> batch =
      List.of(event("o-1", 1L), heartbeat(2L), event("o-2", 3L));

  @Test
  void marksTheBatchProcessedOnlyAfterItWasPublished() throws Exception {
    consumer.handleBatch(batch, committer);

    assertThat(publisher.attempts).hasSize(1);
    assertThat(publisher.attempts.get(0).events()).hasSize(2);
    assertThat(publisher.attempts.get(0).lastLsn()).isEqualTo(3L);
    assertThat(committer.processed).hasSize(3);
    assertThat(committer.batchesFinished).isEqualTo(1);
  }

  @Test
  void publishesTheSameBatchAgainAfterARetriableFailure() throws Exception {
    publisher.failures.add(new KafkaException("broker unavailable"));
    publisher.failures.add(new KafkaException("broker unavailable"));

    consumer.handleBatch(batch, committer);

    assertThat(publisher.attempts).hasSize(3).allSatisfy(a -> assertThat(a.lastLsn()).isEqualTo(3));
    assertThat(publisher.recoveries).isEqualTo(2);
    assertThat(committer.processed).hasSize(3);
  }

  @Test
  void aFenceMarksNothingAndStopsTheRelay() {
    publisher.failures.add(new ProducerFencedException("newer epoch"));

    assertThatThrownBy(() -> consumer.handleBatch(batch, committer))
        .isInstanceOf(RelayFenced.class);
    assertThat(fenced.get()).isNotNull();
    assertThat(committer.processed).isEmpty();
    assertThat(committer.batchesFinished).isZero();
  }

  @Test
  void anUnknownOutcomeMarksNothingAndRestartsFromKafka() {
    publisher.failures.add(new KafkaException("commit timed out"));
    publisher.abortable = false;

    assertThatThrownBy(() -> consumer.handleBatch(batch, committer))
        .isInstanceOf(TransactionOutcomeUnknown.class);
    assertThat(committer.processed).isEmpty();
    assertThat(fenced.get()).isNull();
  }

  @Test
  void anEventKafkaRefusedForGoodIsDeadLetteredInTheSameBatchWithoutBackoff() throws Exception {
    publisher.failures.add(
        new EventsRejected(
            Map.of(1, new RecordTooLargeException("too large")), new KafkaException("abortable")));

    consumer.handleBatch(batch, committer);

    assertThat(publisher.attempts).hasSize(2);
    List<PublishableEvent> published = publisher.attempts.get(1).events();
    assertThat(published.get(0).record().topic()).isEqualTo("outbox.event.order");
    assertThat(published.get(1).record().topic()).isEqualTo(DEAD_LETTERS);
    assertThat(published.get(1).record().value()).isNull();
    assertThat(header(published.get(1), OnceflowHeaders.DLQ_TOPIC)).isEqualTo("outbox.event.order");
    assertThat(header(published.get(1), OnceflowHeaders.DLQ_EXCEPTION))
        .isEqualTo(RecordTooLargeException.class.getName());
    assertThat(header(published.get(1), OnceflowHeaders.DLQ_REASON)).contains("too large");
    assertThat(publisher.attempts.get(1).lastLsn()).isEqualTo(3L);
    assertThat(publisher.recoveries).isEqualTo(1);
    assertThat(committer.processed).hasSize(3);
  }

  @Test
  void anEventOnATopicThatCanNeverExistIsDeadLetteredBeforeSending() throws Exception {
    missingTopics.put("outbox.event.order", new UnknownTopicOrPartitionException("no such topic"));

    consumer.handleBatch(batch, committer);

    assertThat(publisher.attempts)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.events())
                    .allSatisfy(
                        e -> {
                          assertThat(e.record().topic()).isEqualTo(DEAD_LETTERS);
                          assertThat(new String(e.record().value(), StandardCharsets.UTF_8))
                              .isEqualTo("{}");
                          assertThat(header(e, OnceflowHeaders.DLQ_REASON))
                              .contains("no such topic");
                        }));
    assertThat(committer.processed).hasSize(3);
  }

  @Test
  void aDeadLetterTheDeadLetterTopicRefusesIsRetriedNotLooped() throws Exception {
    missingTopics.put("outbox.event.order", new UnknownTopicOrPartitionException("no such topic"));
    publisher.failures.add(
        new EventsRejected(
            Map.of(0, new RecordTooLargeException("too large")), new KafkaException("abortable")));

    consumer.handleBatch(batch, committer);

    assertThat(publisher.attempts).hasSize(2);
    assertThat(publisher.recoveries).isEqualTo(1);
  }

  @Test
  void aHeartbeatOnlyBatchStillRecordsItsOffset() throws Exception {
    consumer.handleBatch(List.of(heartbeat(9L)), committer);

    assertThat(publisher.attempts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.events()).isEmpty();
              assertThat(a.lastLsn()).isEqualTo(9L);
            });
    assertThat(committer.processed).hasSize(1);
  }

  private static String header(PublishableEvent event, String key) {
    return new String(event.record().headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  private static RecordChangeEvent<SourceRecord> event(String key, long lsn) {
    SourceRecord record =
        OutboxChanges.inserted(OutboxChanges.row(key).put("payload", "{}"), lsn, 0);
    return () -> record;
  }

  private static RecordChangeEvent<SourceRecord> heartbeat(long lsn) {
    SourceRecord record = OutboxChanges.heartbeat(lsn);
    return () -> record;
  }

  private record Attempt(List<PublishableEvent> events, long lastLsn) {}

  /** Fails with the queued exceptions first, then succeeds; records every attempt. */
  private static final class ScriptedPublisher implements BatchPublisher {
    final List<Attempt> attempts = new ArrayList<>();
    final List<RuntimeException> failures = new ArrayList<>();
    boolean abortable = true;
    int recoveries;

    @Override
    public void start() {}

    @Override
    public void publish(List<PublishableEvent> events, SourceRecord last) {
      attempts.add(new Attempt(List.copyOf(events), (Long) last.sourceOffset().get("lsn")));
      if (!failures.isEmpty()) {
        throw failures.remove(0);
      }
    }

    @Override
    public boolean recover() {
      recoveries++;
      return abortable;
    }

    @Override
    public boolean publishesOffsets() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static final class RecordingCommitter
      implements DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> {
    final List<RecordChangeEvent<SourceRecord>> processed = new ArrayList<>();
    int batchesFinished;

    @Override
    public void markProcessed(RecordChangeEvent<SourceRecord> record) {
      processed.add(record);
    }

    @Override
    public void markBatchFinished() {
      batchesFinished++;
    }

    @Override
    public void markProcessed(
        RecordChangeEvent<SourceRecord> record, DebeziumEngine.Offsets sourceOffsets) {
      processed.add(record);
    }

    @Override
    public DebeziumEngine.Offsets buildOffsets() {
      throw new UnsupportedOperationException();
    }
  }
}
