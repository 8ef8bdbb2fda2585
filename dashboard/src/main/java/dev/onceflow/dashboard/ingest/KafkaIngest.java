package dev.onceflow.dashboard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.KafkaClientSettings;
import dev.onceflow.dashboard.audit.ExactlyOnceAudit;
import dev.onceflow.dashboard.journey.JourneyStore;
import dev.onceflow.dashboard.live.Pipeline;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the event topics, the inbox journal and the dead-letter topic with the dashboard's own
 * consumer group ({@code read_committed}, so aborted relay transactions never show) on one thread,
 * and feeds {@link Pipeline}. On every assignment it re-reads the last few records of each
 * partition so that journeys and charts are not empty after a restart; it never writes anything.
 */
@ApplicationScoped
public class KafkaIngest {

  private static final Logger LOG = Logger.getLogger(KafkaIngest.class);

  private final Pipeline pipeline;
  private final ExactlyOnceAudit audit;
  private final DashboardConfig config;
  private final ObjectMapper json;
  private final String bootstrapServers;
  private final Map<String, Object> kafkaConfig;
  private final Map<String, String> extraConsumerConfig;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile Thread thread;
  private volatile boolean running;
  private volatile Instant lastPoll;

  // The next offset to read per partition; touched by the ingest thread only (poll loop and the
  // rebalance listener, which runs inside poll).
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

  KafkaIngest(
      Pipeline pipeline,
      ExactlyOnceAudit audit,
      DashboardConfig config,
      ObjectMapper json,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
    this.pipeline = pipeline;
    this.kafkaConfig = kafkaConfig;
    this.audit = audit;
    this.config = config;
    this.json = json;
    this.bootstrapServers = bootstrapServers;
    this.extraConsumerConfig =
        Map.of(
            ConsumerConfig.METADATA_MAX_AGE_CONFIG,
            Long.toString(config.kafkaMetadataMaxAge().toMillis()));
  }

  /** The topics followed: event topics, the journal, the dead letters. */
  public static Pattern topics(String eventTopicPrefix) {
    return Pattern.compile(
        Pattern.quote(eventTopicPrefix)
            + ".*|"
            + Pattern.quote(OnceflowTopics.INBOX_JOURNAL)
            + "|"
            + Pattern.quote(OnceflowTopics.DEAD_LETTERS));
  }

  void start(@Observes StartupEvent event) {
    Properties props = KafkaClientSettings.of(kafkaConfig, ConsumerConfig.configNames());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.consumerGroup());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.putAll(extraConsumerConfig);
    consumer = new KafkaConsumer<>(props);
    running = true;
    thread = new Thread(this::run, "onceflow-dashboard-ingest");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the ingest thread runs (liveness). */
  public boolean alive() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  /** When the consumer last returned from a poll. */
  public Instant lastPoll() {
    return lastPoll;
  }

  private void run() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    try {
      c.subscribe(topics(config.eventTopicPrefix()), new Backfill(c));
      while (running) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
          break;
        } catch (RuntimeException e) {
          LOG.warnf(e, "Reading Kafka failed; retrying");
          sleepQuietly();
          continue;
        }
        lastPoll = Instant.now();
        for (TopicPartition partition : records.partitions()) {
          long next = -1;
          for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
            try {
              handle(record);
            } catch (RuntimeException e) {
              LOG.debugf(
                  e, "Skipped %s-%d@%d", record.topic(), record.partition(), record.offset());
            }
            next = record.offset() + 1;
          }
          if (next >= 0) {
            nextOffsets.put(partition, next);
          }
        }
      }
    } finally {
      c.close(Duration.ofSeconds(2));
    }
  }

  void handle(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (topic.equals(OnceflowTopics.INBOX_JOURNAL)) {
      if (record.value() != null) {
        try {
          InboxJournalEntry entry = json.readValue(record.value(), InboxJournalEntry.class);
          pipeline.journalRead(entry);
          audit.journal(entry);
        } catch (java.io.IOException e) {
          LOG.debugf(e, "Unreadable journal entry at %d-%d", record.partition(), record.offset());
        }
      }
    } else if (topic.equals(OnceflowTopics.DEAD_LETTERS)) {
      deadLetter(record);
    } else {
      event(record);
    }
  }

  private void event(ConsumerRecord<byte[], byte[]> record) {
    String eventId = header(record, OnceflowHeaders.EVENT_ID);
    String eventType = header(record, OnceflowHeaders.EVENT_TYPE);
    pipeline.eventRead(
        JourneyStore.key(eventId, record.topic(), record.partition(), record.offset()),
        key(record),
        eventType,
        record.topic(),
        record.partition(),
        record.offset(),
        requestedAt(record.value()),
        instant(header(record, OnceflowHeaders.CREATED_AT)),
        instant(header(record, OnceflowHeaders.COMMITTED_AT)),
        Instant.ofEpochMilli(record.timestamp()));
    long sequence = parseLong(header(record, OnceflowHeaders.AGGREGATE_SEQUENCE), -1);
    audit.published(
        eventId,
        record.topic(),
        record.partition(),
        record.offset(),
        key(record),
        sequence < 0 ? null : sequence,
        Instant.ofEpochMilli(record.timestamp()));
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record) {
    String sourceTopic = header(record, OnceflowHeaders.DLQ_TOPIC);
    int partition = parseInt(header(record, OnceflowHeaders.DLQ_PARTITION), -1);
    long offset = parseLong(header(record, OnceflowHeaders.DLQ_OFFSET), -1);
    pipeline.deadLetterRead(
        JourneyStore.key(header(record, OnceflowHeaders.EVENT_ID), sourceTopic, partition, offset),
        key(record),
        header(record, OnceflowHeaders.EVENT_TYPE),
        header(record, OnceflowHeaders.DLQ_REASON),
        Instant.ofEpochMilli(record.timestamp()));
  }

  /** The business time in the payload ({@code placedAt}, {@code cancelledAt}), if it is JSON. */
  private Instant requestedAt(byte[] value) {
    if (value == null || value.length == 0 || value[0] != '{') {
      return null;
    }
    try {
      JsonNode node = json.readTree(value);
      JsonNode at = node.has("placedAt") ? node.get("placedAt") : node.get("cancelledAt");
      return at == null ? null : instant(at.asText());
    } catch (java.io.IOException e) {
      return null; // a poison record: the consumer will say why
    }
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant(); // Debezium renders an offset
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(text));
      } catch (NumberFormatException notMillis) {
        return null;
      }
    }
  }

  private static int parseInt(String text, int fallback) {
    try {
      return text == null ? fallback : Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static long parseLong(String text, long fallback) {
    try {
      return text == null ? fallback : Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1_000); // back off after a failed poll; the loop's only pause
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts each newly assigned partition a little before its end. */
  private final class Backfill implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> consumer;

    Backfill(KafkaConsumer<byte[], byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      int backfill = config.window().backfillPerPartition();
      for (TopicPartition tp : partitions) {
        // A partition this instance already read comes back after a rebalance (a new event topic
        // joins the subscription): resume where reading stopped, or every record of the backfill
        // would be counted and added to its journey a second time.
        Long known = nextOffsets.get(tp);
        long from =
            known != null
                ? known
                : Math.max(begin.getOrDefault(tp, 0L), end.getOrDefault(tp, 0L) - backfill);
        consumer.seek(tp, from);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
  }
}
