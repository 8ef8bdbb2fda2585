package dev.onceflow.core.inbox.fault;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.health.InboxMetrics;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Sends one record of a batch to the dead-letter topic through SmallRye's {@code dead-letter-queue}
 * failure strategy: the record is nacked on its own, so the rest of its batch is unaffected, and
 * SmallRye's {@code KafkaDeadLetterQueue} publishes it with the original key, value and headers and
 * then acknowledges it.
 *
 * <p>The Onceflow contract headers ({@code onceflow.dlq.reason}, {@code .exception}, {@code
 * .topic}, {@code .partition}, {@code .offset}, {@code .consumer}) travel as the nack's outgoing
 * metadata, which the strategy adds to SmallRye's own {@code dead-letter-*} headers.
 *
 * <p>Callers dead-letter only after the batch's database transaction has committed: the strategy
 * acknowledges the record once published, and an acknowledgement must never run ahead of the commit
 * of the records before it. Publication is at-least-once: a crash after it but before the offset
 * commit publishes the record again on redelivery.
 */
@ApplicationScoped
public class DeadLetterTopic {

  private static final Logger LOG = Logger.getLogger(DeadLetterTopic.class);

  private final InboxMetrics metrics;
  private final String consumer;

  DeadLetterTopic(InboxMetrics metrics, InboxConfig config) {
    this.metrics = metrics;
    this.consumer = config.consumerName();
  }

  /**
   * Dead-letters {@code record} and waits until it is published, retrying (with {@code retry}'s
   * backoff, without limit) while Kafka refuses it: the batch cannot be acknowledged before.
   *
   * @param reason short reason code, e.g. {@code malformed-json}
   * @param failure what went wrong; its message completes the reason header
   */
  public void send(
      KafkaRecord<String, byte[]> record, String reason, Throwable failure, RetryPolicy retry) {
    IncomingKafkaRecord<?, ?> incoming = record.unwrap(IncomingKafkaRecord.class);
    String describe =
        failure instanceof RejectedEvent rejected
            ? rejected.describe()
            : reason + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    RecordHeaders headers = new RecordHeaders();
    add(headers, OnceflowHeaders.DLQ_REASON, describe);
    add(headers, OnceflowHeaders.DLQ_EXCEPTION, failure.getClass().getName());
    add(headers, OnceflowHeaders.DLQ_TOPIC, incoming.getTopic());
    add(headers, OnceflowHeaders.DLQ_PARTITION, Integer.toString(incoming.getPartition()));
    add(headers, OnceflowHeaders.DLQ_OFFSET, Long.toString(incoming.getOffset()));
    add(headers, OnceflowHeaders.DLQ_CONSUMER, consumer);
    Metadata metadata =
        Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build());
    LOG.warnf(
        failure,
        "Dead-lettering %s-%d@%d: %s",
        incoming.getTopic(),
        incoming.getPartition(),
        incoming.getOffset(),
        describe);
    for (int attempt = 1; ; attempt++) {
      try {
        record.nack(failure, metadata).toCompletableFuture().join();
        metrics.deadLettered(reason);
        return;
      } catch (CompletionException | IllegalStateException e) {
        LOG.errorf(
            e,
            "Publishing dead letter %s-%d@%d failed (attempt %d); retrying",
            incoming.getTopic(),
            incoming.getPartition(),
            incoming.getOffset(),
            attempt);
        Backoff.sleep(retry.backoff(Math.min(attempt, 30)));
      }
    }
  }

  private static void add(RecordHeaders headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
