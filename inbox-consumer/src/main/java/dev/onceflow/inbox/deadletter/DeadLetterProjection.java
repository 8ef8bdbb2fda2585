package dev.onceflow.inbox.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.fault.Backoff;
import dev.onceflow.core.inbox.fault.RetryPolicy;
import dev.onceflow.inbox.InboxChannels;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Projects this consumer's records on the dead-letter topic into the {@code dead_letter} table,
 * which {@code GET /dead-letters} pages through and replay reads from.
 *
 * <p>The topic is the source of truth: a dead letter (a poison record) is published even while the
 * database is down, and lands in the table once the database is back; this projection retries
 * without limit meanwhile. The unique source coordinates absorb the topic's at-least-once
 * duplicates.
 */
@ApplicationScoped
public class DeadLetterProjection {

  private static final Logger LOG = Logger.getLogger(DeadLetterProjection.class);

  private static final String INSERT =
      "INSERT INTO dead_letter (consumer, source_topic, source_partition, source_offset, event_id,"
          + " event_type, reason, detail, exception, record_key, payload, headers, dead_lettered_at)"
          + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, CAST(?12 AS jsonb), ?13)"
          + " ON CONFLICT DO NOTHING";

  private final EntityManager entityManager;
  private final ObjectMapper objectMapper;
  private final String consumer;
  private final RetryPolicy retry;

  DeadLetterProjection(EntityManager entityManager, ObjectMapper objectMapper, InboxConfig config) {
    this.entityManager = entityManager;
    this.objectMapper = objectMapper;
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
    entityManager
        .createNativeQuery(INSERT)
        .setParameter(1, consumer)
        .setParameter(2, envelope.header(OnceflowHeaders.DLQ_TOPIC))
        .setParameter(3, Integer.parseInt(envelope.header(OnceflowHeaders.DLQ_PARTITION)))
        .setParameter(4, Long.parseLong(envelope.header(OnceflowHeaders.DLQ_OFFSET)))
        .setParameter(5, truncate(original.get(OnceflowHeaders.EVENT_ID), 255))
        .setParameter(6, truncate(original.get(OnceflowHeaders.EVENT_TYPE), 255))
        .setParameter(7, truncate(reason, 100))
        .setParameter(8, detail)
        .setParameter(9, truncate(envelope.header(OnceflowHeaders.DLQ_EXCEPTION), 500))
        .setParameter(10, truncate(envelope.key(), 255))
        .setParameter(11, envelope.value() == null ? new byte[0] : envelope.value())
        .setParameter(12, json(original))
        .setParameter(13, Timestamp.from(Instant.ofEpochMilli(timestamp)))
        .executeUpdate();
  }

  private String json(Map<String, String> headers) {
    try {
      return objectMapper.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isNumber(String value) {
    return value != null && value.matches("\\d{1,18}");
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
