package dev.onceflow.core.inbox.deadletter;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxChannels;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.fault.Backoff;
import dev.onceflow.core.inbox.fault.RetryPolicy;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Projects this consumer's records on the dead-letter topic into {@code inbox_dead_letter}, which
 * {@code GET /dead-letters} pages through and replay reads from.
 *
 * <p>The topic is the source of truth: a dead letter (a poison record) is published even while the
 * database is down, and lands in the table once the database is back; this projection retries
 * without limit meanwhile. The unique source coordinates absorb the topic's at-least-once
 * duplicates.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class DeadLetterProjection {

  private static final Logger LOG = Logger.getLogger(DeadLetterProjection.class);

  private final DeadLetterStore store;
  private final String consumer;
  private final RetryPolicy retry;

  DeadLetterProjection(DeadLetterStore store, InboxConfig config) {
    this.store = store;
    this.consumer = config.consumerName();
    this.retry = RetryPolicy.of(config.retry());
  }

  @Incoming(InboxChannels.DEAD_LETTERS)
  @Blocking
  public void project(ConsumerRecord<String, byte[]> record) {
    EventEnvelope envelope = EventEnvelope.of(record);
    if (!consumer.equals(envelope.header(OnceflowHeaders.DLQ_CONSUMER))) {
      return; // another consumer's dead letter
    }
    if (envelope.header(OnceflowHeaders.DLQ_TOPIC) == null
        || !isNumber(envelope.header(OnceflowHeaders.DLQ_PARTITION))
        || !isNumber(envelope.header(OnceflowHeaders.DLQ_OFFSET))) {
      LOG.errorf(
          "Dead letter %s-%d@%d lacks its source coordinates; not projected",
          record.topic(), record.partition(), record.offset());
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        QuarkusTransaction.requiringNew().run(() -> insert(envelope, record.timestamp()));
        return;
      } catch (Backoff.ConsumerStopping e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warnf(e, "Recording dead letter %s failed (attempt %d); retrying", envelope, attempt);
        Backoff.sleep(retry.backoff(Math.min(attempt, 30)));
      }
    }
  }

  private void insert(EventEnvelope envelope, long timestamp) {
    Map<String, String> original = new LinkedHashMap<>();
    envelope
        .headers()
        .forEach(
            (key, value) -> {
              if (!key.startsWith("onceflow.dlq.") && !key.startsWith("dead-letter-")) {
                original.put(key, value);
              }
            });
    String reasonHeader = envelope.header(OnceflowHeaders.DLQ_REASON);
    String reason = reasonHeader == null ? "unknown" : reasonHeader;
    String detail = null;
    int colon = reason.indexOf(": ");
    if (colon > 0) {
      detail = reason.substring(colon + 2);
      reason = reason.substring(0, colon);
    }
    EventEnvelope source =
        new EventEnvelope(
            envelope.key(),
            envelope.value(),
            original,
            envelope.header(OnceflowHeaders.DLQ_TOPIC),
            Integer.parseInt(envelope.header(OnceflowHeaders.DLQ_PARTITION)),
            Long.parseLong(envelope.header(OnceflowHeaders.DLQ_OFFSET)));
    store.insert(
        source,
        reason,
        detail,
        envelope.header(OnceflowHeaders.DLQ_EXCEPTION),
        Instant.ofEpochMilli(timestamp));
  }

  private static boolean isNumber(String value) {
    return value != null && value.matches("\\d{1,18}");
  }
}
