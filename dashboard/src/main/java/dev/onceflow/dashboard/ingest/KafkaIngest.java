package dev.onceflow.dashboard.ingest;

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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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
      c.subscribe(
          topics(config.eventTopicPrefix()),
          new Backfill(c, nextOffsets, config.window().backfillPerPartition()));
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
    String eventId = RecordFields.header(record, OnceflowHeaders.EVENT_ID);
    String eventType = RecordFields.header(record, OnceflowHeaders.EVENT_TYPE);
    pipeline.eventRead(
        JourneyStore.key(eventId, record.topic(), record.partition(), record.offset()),
        RecordFields.key(record),
        eventType,
        record.topic(),
        record.partition(),
        record.offset(),
        RecordFields.requestedAt(json, record.value()),
        RecordFields.instant(RecordFields.header(record, OnceflowHeaders.CREATED_AT)),
        RecordFields.instant(RecordFields.header(record, OnceflowHeaders.COMMITTED_AT)),
        Instant.ofEpochMilli(record.timestamp()));
    long sequence =
        RecordFields.parseLong(RecordFields.header(record, OnceflowHeaders.AGGREGATE_SEQUENCE), -1);
    audit.published(
        eventId,
        record.topic(),
        record.partition(),
        record.offset(),
        RecordFields.key(record),
        sequence < 0 ? null : sequence,
        Instant.ofEpochMilli(record.timestamp()));
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record) {
    String sourceTopic = RecordFields.header(record, OnceflowHeaders.DLQ_TOPIC);
    int partition =
        RecordFields.parseInt(RecordFields.header(record, OnceflowHeaders.DLQ_PARTITION), -1);
    long offset =
        RecordFields.parseLong(RecordFields.header(record, OnceflowHeaders.DLQ_OFFSET), -1);
    pipeline.deadLetterRead(
        JourneyStore.key(
            RecordFields.header(record, OnceflowHeaders.EVENT_ID), sourceTopic, partition, offset),
        RecordFields.key(record),
        RecordFields.header(record, OnceflowHeaders.EVENT_TYPE),
        RecordFields.header(record, OnceflowHeaders.DLQ_REASON),
        Instant.ofEpochMilli(record.timestamp()));
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1_000); // back off after a failed poll; the loop's only pause
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
