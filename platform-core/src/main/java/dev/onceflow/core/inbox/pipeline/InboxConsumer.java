package dev.onceflow.core.inbox.pipeline;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxChannels;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.fault.Backoff;
import dev.onceflow.core.inbox.fault.DeadLetterTopic;
import dev.onceflow.core.inbox.fault.ProcessingFailed;
import dev.onceflow.core.inbox.fault.RejectedEvent;
import dev.onceflow.core.inbox.fault.RetryPolicy;
import dev.onceflow.core.inbox.fault.SequenceAlreadyApplied;
import dev.onceflow.core.inbox.fault.TransientFailures;
import dev.onceflow.core.inbox.health.ConsumerProgress;
import dev.onceflow.core.inbox.health.InboxMetrics;
import dev.onceflow.core.inbox.health.RetryingBatches;
import dev.onceflow.core.inbox.journal.InboxJournal;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the inbox's events in batches: one database transaction per batch applies every event
 * seen for the first time ({@link InboxPipeline}), then the batch is acknowledged, so an offset is
 * committed only after the effects of the records before it.
 *
 * <h2>Threads and order</h2>
 *
 * {@code @Blocking} runs the method on a worker thread, one batch at a time per channel copy: with
 * {@code concurrency=N} (set from {@code onceflow.inbox.concurrency}) SmallRye creates N copies of
 * the channel, each with its own Kafka consumer in the group, its own partitions and its own
 * ordered pipeline. Records of one key share a partition, hence a copy, hence are applied in order.
 * (The connector's {@code partitions} attribute would also create N consumers, but merges them into
 * one stream that an ordered {@code @Blocking} method drains one batch at a time.) The transaction,
 * the retries and the dead-lettering all run on that one thread: nothing hops threads inside a
 * transaction.
 *
 * <h2>Failures</h2>
 *
 * <ul>
 *   <li>A record that cannot be decoded or validated is dead-lettered at once (after the batch's
 *       commit); the other records of the batch and the partition keep flowing.
 *   <li>A transient failure (database down, deadlock, serialization failure, pool exhausted) rolls
 *       the batch back; the whole batch is retried with exponential backoff and jitter, without
 *       limit, holding the partition and its offset, so a later record never overtakes an earlier
 *       one and an outage of the database, however long, dead-letters nothing. {@link
 *       RetryingBatches} shows the stall (readiness DOWN, gauges).
 *   <li>Any other failure splits the batch: each event is applied in its own transaction and only
 *       the one that still fails deterministically is dead-lettered ({@code processing-failed});
 *       its neighbours are applied.
 * </ul>
 *
 * <p>SmallRye's {@code dead-letter-queue} failure strategy publishes the dead letters, but per
 * record: nacking the batch itself would dead-letter every record of it, the good with the bad.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class InboxConsumer {

  private static final Logger LOG = Logger.getLogger(InboxConsumer.class);

  private final InboxPipeline pipeline;
  private final DeadLetterTopic deadLetters;
  private final InboxMetrics metrics;
  private final ConsumerProgress progress;
  private final RetryPolicy retry;
  private final RetryingBatches retrying;
  private final String consumer;
  private final InboxJournal journal;
  private final CommittedOutcomes outcomes;
  private final Clock clock;
  private volatile boolean stopping;

  InboxConsumer(
      InboxPipeline pipeline,
      DeadLetterTopic deadLetters,
      InboxMetrics metrics,
      ConsumerProgress progress,
      RetryingBatches retrying,
      InboxConfig config,
      InboxJournal journal,
      CommittedOutcomes outcomes,
      Clock clock) {
    this.journal = journal;
    this.outcomes = outcomes;
    this.clock = clock;
    this.pipeline = pipeline;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.progress = progress;
    this.retrying = retrying;
    this.retry = RetryPolicy.of(config.retry());
    this.consumer = config.consumerName();
  }

  /** The application is shutting down: from now on no failure is judged. */
  void stopping(@Observes ShutdownEvent event) {
    stopping = true;
  }

  /** Handles one poll's worth of records; acknowledges the batch once its effects committed. */
  @Incoming(InboxChannels.EVENTS)
  @Blocking
  public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
    try {
      handle(batch.getRecords());
      progress.batchHandled();
      return batch.ack();
    } catch (Backoff.ConsumerStopping e) {
      LOG.infof("Stopping (%s); the unacknowledged batch will be redelivered", e.getMessage());
      return CompletableFuture.completedFuture(null);
    }
  }

  private void handle(List<KafkaRecord<String, byte[]>> records) {
    Instant receivedAt = clock.instant();
    List<ConsumedEvent<Object>> events = new ArrayList<>(records.size());
    Map<ConsumedEvent<Object>, Integer> position = new IdentityHashMap<>();
    // Dead letters are sent after the commit, in record order.
    Map<Integer, DeadLetter> deadLetterQueue = new TreeMap<>();
    List<EventEnvelope> envelopes = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      IncomingKafkaRecord<String, byte[]> record = records.get(i).unwrap(IncomingKafkaRecord.class);
      EventEnvelope envelope =
          EventEnvelope.of(
              record.getKey(),
              record.getPayload(),
              record.getHeaders(),
              record.getTopic(),
              record.getPartition(),
              record.getOffset());
      envelopes.add(envelope);
      try {
        ConsumedEvent<Object> event = pipeline.decode(envelope);
        events.add(event);
        position.put(event, i);
      } catch (RejectedEvent rejected) {
        deadLetterQueue.put(i, new DeadLetter(rejected.reason(), rejected));
      }
    }

    Applied applied = applyWithRetries(events);

    for (ConsumedEvent<Object> event : applied.result.stale) {
      SequenceAlreadyApplied stale =
          new SequenceAlreadyApplied(SequenceAlreadyApplied.describe(event));
      deadLetterQueue.put(position.get(event), new DeadLetter(stale.reason(), stale));
    }
    applied.failed.forEach(
        (event, failure) ->
            deadLetterQueue.put(
                position.get(event), new DeadLetter(failure.reason, failure.cause)));
    outcomes.report(applied.result, receivedAt, false);
    for (Map.Entry<Integer, DeadLetter> entry : deadLetterQueue.entrySet()) {
      DeadLetter deadLetter = entry.getValue();
      deadLetters.send(records.get(entry.getKey()), deadLetter.reason, deadLetter.cause, retry);
    }
    journalDeadLetters(deadLetterQueue, envelopes, receivedAt);
  }

  /** Tells the dashboard which records were dead-lettered, now that the batch committed. */
  private void journalDeadLetters(
      Map<Integer, DeadLetter> deadLetterQueue, List<EventEnvelope> envelopes, Instant receivedAt) {
    Instant committedAt = clock.instant();
    deadLetterQueue.forEach(
        (index, deadLetter) -> {
          EventEnvelope envelope = envelopes.get(index);
          journal.record(
              envelope,
              envelope.header(OnceflowHeaders.EVENT_ID),
              envelope.header(OnceflowHeaders.EVENT_TYPE),
              createdAt(envelope),
              InboxJournalEntry.Outcome.DEAD_LETTERED,
              receivedAt,
              committedAt,
              deadLetter.reason
                  + (deadLetter.cause == null || deadLetter.cause.getMessage() == null
                      ? ""
                      : ": " + deadLetter.cause.getMessage()),
              false);
        });
  }

  private static Instant createdAt(EventEnvelope envelope) {
    return RecordDecoder.instant(envelope.header(OnceflowHeaders.CREATED_AT));
  }

  /**
   * Applies {@code events} in one transaction, retrying transient failures; on any other failure
   * applies them one by one so that only the failing event is given up.
   */
  private Applied applyWithRetries(List<ConsumedEvent<Object>> events) {
    Applied outcome = new Applied();
    if (events.isEmpty()) {
      return outcome;
    }
    try (RetryingBatches.Batch batch = retrying.start()) {
      for (int attempt = 1; ; attempt++) {
        try {
          outcome.result = QuarkusTransaction.requiringNew().call(() -> pipeline.apply(events));
          return outcome;
        } catch (Backoff.ConsumerStopping e) {
          throw e;
        } catch (RuntimeException e) {
          if (stopping) {
            // The persistence unit and the pool close under a batch in flight: the failure is the
            // shutdown's, not the events'. Unacknowledged, the batch is redelivered to the next
            // owner of its partitions; judged here, a valid event would be dead-lettered.
            throw new Backoff.ConsumerStopping(e);
          }
          if (!TransientFailures.isTransient(e)) {
            batch.close(); // not retrying any more: the events are judged one by one
            return applyOneByOne(events, e);
          }
          // Without limit: the batch and its offset wait for the database, nothing is given up.
          batch.failed(e);
          metrics.retried();
          LOG.warnf(
              e,
              "Transient failure applying %d events (attempt %d); retrying",
              events.size(),
              attempt);
          Backoff.sleep(retry.backoff(attempt));
        }
      }
    }
  }

  /**
   * After a deterministic failure of a batch, applies its events one transaction each, so that only
   * the event that fails on its own is dead-lettered.
   */
  private Applied applyOneByOne(List<ConsumedEvent<Object>> events, RuntimeException failure) {
    Applied outcome = new Applied();
    if (events.size() > 1) {
      LOG.warnf(failure, "Applying %d events failed; applying them one by one", events.size());
      for (ConsumedEvent<Object> event : events) {
        outcome.merge(applyWithRetries(List.of(event)));
      }
      return outcome;
    }
    LOG.warnf(failure, "Applying event %s failed deterministically", events.get(0).eventId());
    events.forEach(
        event ->
            outcome.failed.put(
                event, new Failure(ProcessingFailed.REASON, new ProcessingFailed(failure))));
    return outcome;
  }

  private record DeadLetter(String reason, Throwable cause) {}

  private record Failure(String reason, Throwable cause) {}

  /** What the transactions did with the batch's decoded events. */
  private static final class Applied {
    ApplyResult<Object> result = new ApplyResult<>();
    final Map<ConsumedEvent<Object>, Failure> failed = new IdentityHashMap<>();

    void merge(Applied other) {
      result.merge(other.result);
      failed.putAll(other.failed);
    }
  }
}
