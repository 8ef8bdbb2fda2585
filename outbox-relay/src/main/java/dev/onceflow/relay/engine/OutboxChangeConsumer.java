package dev.onceflow.relay.engine;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.relay.RelayFenced;
import dev.onceflow.relay.metrics.RelayMetrics;
import dev.onceflow.relay.publish.BatchPublisher;
import dev.onceflow.relay.publish.DeadLetters;
import dev.onceflow.relay.publish.EventRecords;
import dev.onceflow.relay.publish.EventsRejected;
import dev.onceflow.relay.publish.KafkaErrors;
import dev.onceflow.relay.publish.PublishableEvent;
import dev.onceflow.relay.publish.TopicCheck;
import dev.onceflow.relay.tracing.PublishSpans;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Receives each Debezium batch and publishes it; the same code path for both delivery modes.
 *
 * <p>A batch's records are marked processed only after the publisher returned, that is after Kafka
 * committed (or acknowledged) them: the engine can only ever confirm to PostgreSQL what Kafka
 * holds. A retriable failure aborts and publishes the same batch again after a backoff, never the
 * next one; a fatal one fences the relay; a transaction whose outcome is unknown restarts the
 * engine from the offsets Kafka committed.
 *
 * <p>An event Kafka can never accept (its topic is missing where the broker does not create topics,
 * its topic name is invalid, it is too large) would stall the shard forever: it is moved to the
 * dead-letter topic, with the reason in its headers, and published with the rest of its batch, in
 * the same transaction as the batch's offset.
 */
final class OutboxChangeConsumer
    implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

  private static final Logger LOG = Logger.getLogger(OutboxChangeConsumer.class);

  private final EventRecords eventRecords;
  private final TopicCheck topicCheck;
  private final DeadLetters deadLetters;
  private final BatchPublisher publisher;
  private final RelayMetrics metrics;
  private final Backoff backoff;
  private final Consumer<RelayFenced> fenceListener;
  private final PublishSpans spans;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean retrying;

  OutboxChangeConsumer(
      EventRecords eventRecords,
      TopicCheck topicCheck,
      DeadLetters deadLetters,
      BatchPublisher publisher,
      RelayMetrics metrics,
      Backoff backoff,
      Consumer<RelayFenced> fenceListener,
      PublishSpans spans) {
    this.eventRecords = eventRecords;
    this.topicCheck = topicCheck;
    this.deadLetters = deadLetters;
    this.publisher = publisher;
    this.metrics = metrics;
    this.backoff = backoff;
    this.fenceListener = fenceListener;
    this.spans = spans;
  }

  @Override
  public void handleBatch(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    if (!records.isEmpty()) {
      List<PublishableEvent> events = new ArrayList<>(records.size());
      for (RecordChangeEvent<SourceRecord> record : records) {
        if (eventRecords.isEvent(record.record())) {
          events.add(eventRecords.toEvent(record.record()));
        }
      }
      SourceRecord last = records.get(records.size() - 1).record();
      if (!events.isEmpty() || publisher.publishesOffsets()) {
        List<Span> published = spans.start(events);
        try {
          publishUntilDone(events, last);
        } catch (InterruptedException | RuntimeException e) {
          spans.end(published, e);
          throw e;
        }
        spans.end(published, null);
      }
      for (RecordChangeEvent<SourceRecord> record : records) {
        committer.markProcessed(record);
      }
    }
    committer.markBatchFinished();
  }

  /** Whether the last attempt failed and the batch waits for its retry. */
  boolean retrying() {
    return retrying;
  }

  /** Makes a batch waiting for its retry give up, so that the engine can stop. */
  void stop() {
    stopping.countDown();
  }

  private void publishUntilDone(List<PublishableEvent> events, SourceRecord last)
      throws InterruptedException {
    int failures = 0;
    while (true) {
      if (stopping.getCount() == 0) {
        throw new InterruptedException("the relay is stopping; the batch stays unprocessed");
      }
      try {
        screenTopics(events);
        publisher.publish(events, last);
        metrics.committed(events, last.sourceOffset(), Instant.now());
        metrics.deadLettered(events.stream().filter(deadLetters::isDeadLetter).count());
        retrying = false;
        return;
      } catch (EventsRejected rejected) {
        metrics.aborted();
        recoverFrom(rejected);
        if (!deadLetter(events, rejected)) {
          retry(events, rejected, ++failures);
        }
      } catch (InterruptException e) {
        throw new InterruptedException("interrupted while publishing; the batch stays unprocessed");
      } catch (RuntimeException e) {
        metrics.aborted();
        if (KafkaErrors.isFatal(e)) {
          throw fenced(e);
        }
        recoverFrom(e);
        retry(events, e, ++failures);
      }
    }
  }

  /** Undoes a failed attempt, or throws: fenced, or the outcome is unknown. */
  private void recoverFrom(RuntimeException failure) {
    boolean safeToRetry;
    try {
      safeToRetry = publisher.recover();
    } catch (RuntimeException abortFailure) {
      if (KafkaErrors.isFatal(abortFailure)) {
        throw fenced(abortFailure);
      }
      safeToRetry = false;
    }
    if (!safeToRetry) {
      throw new TransactionOutcomeUnknown("a failed batch could not be aborted", failure);
    }
  }

  private void retry(List<PublishableEvent> events, RuntimeException failure, int failures)
      throws InterruptedException {
    retrying = true;
    Duration delay = backoff.delay(failures);
    LOG.warnf(
        failure,
        "Publishing a batch of %d events failed (attempt %d); aborted, retrying the same"
            + " batch in %d ms",
        events.size(),
        failures,
        delay.toMillis());
    stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Moves events whose topic can never take them to the dead-letter topic, before sending. */
  private void screenTopics(List<PublishableEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      PublishableEvent event = events.get(i);
      if (deadLetters.isDeadLetter(event)) {
        continue;
      }
      int index = i;
      topicCheck
          .refusal(event.record().topic())
          .ifPresent(refusal -> events.set(index, deadLetter(event, refusal)));
    }
  }

  /**
   * Moves the events Kafka refused to the dead-letter topic, so that the same batch can be
   * published again at once.
   *
   * @return {@code false} if the dead-letter topic itself refused one: retry with a backoff
   */
  private boolean deadLetter(List<PublishableEvent> events, EventsRejected rejected) {
    for (var rejection : rejected.rejections().entrySet()) {
      if (deadLetters.isDeadLetter(events.get(rejection.getKey()))) {
        return false;
      }
    }
    rejected
        .rejections()
        .forEach((index, reason) -> events.set(index, deadLetter(events.get(index), reason)));
    return true;
  }

  private PublishableEvent deadLetter(PublishableEvent event, Throwable reason) {
    LOG.errorf(
        "Kafka will never accept event %s for %s (%s): moving it to %s",
        header(event, OnceflowHeaders.EVENT_ID),
        event.record().topic(),
        reason.getMessage(),
        deadLetters.topic());
    return deadLetters.of(event, reason);
  }

  private static String header(PublishableEvent event, String key) {
    var header = event.record().headers().lastHeader(key);
    return header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private RelayFenced fenced(RuntimeException cause) {
    RelayFenced fenced =
        new RelayFenced(
            KafkaErrors.isFenced(cause)
                ? "another instance of this shard initialized the same transactional.id"
                : "Kafka refused this producer for good: " + cause,
            cause);
    fenceListener.accept(fenced);
    return fenced;
  }
}
