package dev.onceflow.core.inbox.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.InboxEvent;
import dev.onceflow.core.kafka.KafkaClientProperties;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Publishes what this consumer did with each event ({@link InboxJournalEntry}, JSON, key = event
 * id) to {@link OnceflowTopics#INBOX_JOURNAL}, for the dashboard's per-event journeys.
 *
 * <p>Observability only, and never in the way: called after the database transaction committed
 * (never inside it), it hands the entry to a sender thread of its own through a bounded queue and
 * returns; when the queue is full (Kafka down for long) entries are dropped and counted. Every
 * failure is swallowed: a lost journal entry costs a dashboard detail, never an effect. The sender
 * may wait for metadata, so the first entries are not lost while the broker creates the topic or a
 * busy machine answers slowly. Off with {@code onceflow.inbox.journal.enabled=false}.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class InboxJournal {

  private static final Logger LOG = Logger.getLogger(InboxJournal.class);

  /** Entries waiting for the sender: about ten seconds of a busy consumer. */
  private static final int QUEUED_ENTRIES = 10_000;

  private final boolean enabled;
  private final String consumer;
  private final ObjectMapper json;
  private final Config kafkaConfig;
  private final AtomicLong failures = new AtomicLong();
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(QUEUED_ENTRIES),
          runnable -> {
            Thread thread = new Thread(runnable, "onceflow-inbox-journal");
            thread.setDaemon(true);
            return thread;
          },
          (rejected, executor) -> failed(new IllegalStateException("journal queue full")));
  private volatile KafkaProducer<byte[], byte[]> producer;

  InboxJournal(InboxConfig config, ObjectMapper json, Config kafkaConfig) {
    this.enabled = config.journal().enabled();
    this.consumer = config.consumerName();
    this.json = json;
    this.kafkaConfig = kafkaConfig;
  }

  /** Records {@code outcome} for {@code event}, received at {@code receivedAt}, committed now. */
  public void record(
      InboxEvent event,
      InboxJournalEntry.Outcome outcome,
      Instant receivedAt,
      Instant committedAt,
      String reason,
      boolean replay) {
    EventEnvelope envelope = event.envelope();
    record(
        envelope,
        event.eventId().toString(),
        event.eventType(),
        event.createdAt(),
        outcome,
        receivedAt,
        committedAt,
        reason,
        replay);
  }

  /** Records {@code outcome} for a record that may not even decode (a dead letter). */
  public void record(
      EventEnvelope envelope,
      String eventId,
      String eventType,
      Instant createdAt,
      InboxJournalEntry.Outcome outcome,
      Instant receivedAt,
      Instant committedAt,
      String reason,
      boolean replay) {
    if (!enabled) {
      return;
    }
    try {
      InboxJournalEntry entry =
          new InboxJournalEntry(
              eventId,
              consumer,
              outcome,
              eventType,
              envelope == null ? null : envelope.key(),
              envelope == null ? null : envelope.topic(),
              envelope == null ? -1 : envelope.partition(),
              envelope == null || replay ? -1 : envelope.offset(),
              createdAt,
              receivedAt,
              committedAt,
              reason,
              replay);
      byte[] key = eventId == null ? null : eventId.getBytes(StandardCharsets.UTF_8);
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(OnceflowTopics.INBOX_JOURNAL, key, json.writeValueAsBytes(entry));
      sender.execute(() -> send(record));
    } catch (Exception e) {
      failed(e);
    }
  }

  private void send(ProducerRecord<byte[], byte[]> record) {
    try {
      producer()
          .send(
              record,
              (metadata, error) -> {
                if (error != null) {
                  failed(error);
                }
              });
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(Throwable error) {
    // Logged once per 1000 failures: a journal that cannot be written must not flood the log.
    if (failures.getAndIncrement() % 1000 == 0) {
      LOG.warnf(
          error,
          "Journal entries cannot be published (%d so far); processing is not affected",
          failures.get());
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    KafkaProducer<byte[], byte[]> p = producer;
    if (p == null) {
      synchronized (this) {
        if (producer == null) {
          Map<String, Object> props =
              KafkaClientProperties.read(kafkaConfig, ProducerConfig.configNames());
          props.put(ProducerConfig.CLIENT_ID_CONFIG, consumer + "-journal");
          props.put(ProducerConfig.ACKS_CONFIG, "1");
          props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
          props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
          props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
          props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(8 * 1024 * 1024));
          props.put(
              ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
          props.put(
              ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
          producer = new KafkaProducer<>(props);
        }
        p = producer;
      }
    }
    return p;
  }

  void stop(@Observes ShutdownEvent event) {
    sender.shutdown();
    try {
      sender.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    KafkaProducer<byte[], byte[]> p = producer;
    if (p != null) {
      p.close(Duration.ofSeconds(2));
    }
  }
}
