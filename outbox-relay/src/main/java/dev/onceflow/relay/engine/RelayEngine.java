package dev.onceflow.relay.engine;

import dev.onceflow.relay.Delivery;
import dev.onceflow.relay.RelayConfig;
import dev.onceflow.relay.RelayFenced;
import dev.onceflow.relay.metrics.RelayMetrics;
import dev.onceflow.relay.offsets.OffsetRecords;
import dev.onceflow.relay.offsets.OffsetsTail;
import dev.onceflow.relay.offsets.OffsetsTopic;
import dev.onceflow.relay.offsets.RelayOffsetStore;
import dev.onceflow.relay.publish.AtLeastOncePublisher;
import dev.onceflow.relay.publish.BatchPublisher;
import dev.onceflow.relay.publish.BrokerTopicCheck;
import dev.onceflow.relay.publish.DeadLetters;
import dev.onceflow.relay.publish.EventRecords;
import dev.onceflow.relay.publish.ExactlyOncePublisher;
import dev.onceflow.relay.publish.ProducerSettings;
import dev.onceflow.relay.tracing.PublishSpans;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * One activation of the relay on the instance holding the shard: a producer and a Debezium engine,
 * started in order and stopped together. A new activation (after a failure, or after this instance
 * lost and regained the shard) builds a new one, so that it always restores its position from what
 * Kafka committed.
 */
public final class RelayEngine implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RelayEngine.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final RelayConfig config;
  private final Map<String, String> kafka;
  private final String engineName;
  private final BatchPublisher publisher;
  private final Admin admin;
  private final DeadLetters deadLetters;
  private final OutboxChangeConsumer consumer;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final ExecutorService executor;
  private OffsetsTopic offsetsTopic;
  private Map<ByteBuffer, ByteBuffer> committedOffsets = Map.of();
  private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private volatile boolean streaming;
  private volatile Throwable failure;

  /**
   * @param kafka the {@code kafka.*} pass-through properties
   * @param onFenced told, on the engine's thread, when Kafka fenced this instance
   */
  public RelayEngine(
      RelayConfig config,
      Map<String, String> kafka,
      RelayMetrics metrics,
      PublishSpans spans,
      Consumer<RelayFenced> onFenced) {
    this.config = config;
    this.kafka = kafka;
    this.engineName = DebeziumProperties.engineName(config.shardId());
    this.publisher =
        config.delivery() == Delivery.EXACTLY_ONCE
            ? new ExactlyOncePublisher(
                ProducerSettings.exactlyOnce(kafka, engineName),
                new OffsetRecords(engineName, config.offsetsTopic()))
            : new AtLeastOncePublisher(ProducerSettings.atLeastOnce(kafka, engineName));
    // Creating an admin client does not connect: it is safe in a constructor.
    this.admin = Admin.create(adminProperties(kafka));
    this.deadLetters = new DeadLetters(config.deadLetterTopic());
    this.consumer =
        new OutboxChangeConsumer(
            new EventRecords(config.topicPrefix()),
            new BrokerTopicCheck(admin, Duration.ofSeconds(30)),
            deadLetters,
            publisher,
            metrics,
            new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff()),
            onFenced,
            spans);
    this.executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, engineName + "-engine");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts the producer. In exactly-once mode this creates the offsets topic if needed and calls
   * {@code initTransactions()}, which fences every earlier instance of the shard; the engine then
   * restores its offsets from that topic.
   */
  public void startPublisher() {
    startPublisher(null);
  }

  /**
   * {@link #startPublisher()}, reading the offsets topic to its end with {@code offsetsTail} (a
   * standby's reader that already read most of it) instead of from the beginning.
   */
  public void startPublisher(OffsetsTail offsetsTail) {
    long begin = System.nanoTime();
    deadLetters.ensureTopicExists(admin);
    if (config.delivery() == Delivery.EXACTLY_ONCE) {
      offsetsTopic = new OffsetsTopic(config.offsetsTopic(), kafka, Duration.ofSeconds(60));
      offsetsTopic.ensureExists(admin);
    } else {
      // Debezium's file store does not create its directory: every flush would fail, silently
      // leaving the slot unconfirmed.
      Path file = DebeziumProperties.offsetsFile(config);
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        throw new IllegalStateException(
            "onceflow.relay.offsets-file: cannot create the directory of " + file, e);
      }
    }
    long topicsChecked = System.nanoTime();
    publisher.start();
    long started = System.nanoTime();
    if (offsetsTopic != null) {
      // Read once, after initTransactions() settled the previous holder's transaction.
      committedOffsets =
          offsetsTail == null
              ? offsetsTopic.readCommitted()
              : offsetsTail.readToEnd(offsetsTopic.readTimeout());
      RelayOffsetStore.register(engineName, offsetsTopic, committedOffsets);
    }
    // The takeover benchmark reads this line's milestones and times.
    LOG.infof(
        "Producer %s started (%s): topics checked in %d ms, producer started in %d ms, offsets"
            + " read in %d ms",
        engineName,
        config.delivery() == Delivery.EXACTLY_ONCE
            ? "transactional; earlier instances of the shard are fenced"
            : "idempotent, at-least-once",
        TimeUnit.NANOSECONDS.toMillis(topicsChecked - begin),
        TimeUnit.NANOSECONDS.toMillis(started - topicsChecked),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /**
   * The source LSN of the last batch Kafka committed for this shard, if the offsets topic holds one
   * (exactly-once mode only; call after {@link #startPublisher()}).
   */
  public OptionalLong committedLsn() {
    if (offsetsTopic == null) {
      return OptionalLong.empty();
    }
    OffsetRecords records = new OffsetRecords(engineName, config.offsetsTopic());
    ByteBuffer key =
        ByteBuffer.wrap(
            records.key(Map.of("server", DebeziumProperties.serverName(config.shardId()))));
    ByteBuffer value = committedOffsets.get(key);
    if (value == null) {
      return OptionalLong.empty();
    }
    byte[] bytes = new byte[value.remaining()];
    value.duplicate().get(bytes);
    return records.decodeValue(bytes).get("lsn") instanceof Number lsn
        ? OptionalLong.of(lsn.longValue())
        : OptionalLong.empty();
  }

  /** Starts the Debezium engine, which restores its offsets and streams from the slot. */
  public void startStreaming() {
    engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(DebeziumProperties.of(config))
            .using(RelayEngine.class.getClassLoader())
            .using(
                new DebeziumEngine.ConnectorCallback() {
                  @Override
                  public void pollingStarted() {
                    streaming = true;
                    LOG.infof("Engine %s is streaming from slot %s", engineName, config.slot());
                  }

                  @Override
                  public void pollingStopped() {
                    streaming = false;
                  }
                })
            .using(
                (success, message, error) -> {
                  streaming = false;
                  if (!success) {
                    failure = error != null ? error : new IllegalStateException(message);
                  }
                  finished.countDown();
                })
            .notifying(consumer)
            .build();
    executor.execute(engine);
  }

  /** Whether the engine streams changes from the slot. */
  public boolean streaming() {
    return streaming && finished.getCount() > 0;
  }

  /** Whether the current batch failed and waits for its retry. */
  public boolean retrying() {
    return consumer.retrying();
  }

  /** Whether the engine has stopped, by itself or by {@link #close()}. */
  public boolean finished() {
    return finished.getCount() == 0;
  }

  /** Why the engine stopped by itself, if it failed. */
  public Throwable failure() {
    return failure;
  }

  /** Whether the engine stopped because this instance was fenced. */
  public boolean fenced() {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RelayFenced) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops the engine (its last offset flush confirms the slot up to what Kafka holds), then closes
   * the producer: nothing unfinished is sent afterwards.
   */
  @Override
  public void close() {
    consumer.stop();
    DebeziumEngine<RecordChangeEvent<SourceRecord>> running = engine;
    if (running != null) {
      long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
      while (finished.getCount() > 0 && System.nanoTime() < deadline) {
        try {
          running.close();
          break;
        } catch (IllegalStateException e) {
          // Still starting its tasks, or already stopping: try again shortly.
          awaitFinished(Duration.ofMillis(100));
        } catch (IOException e) {
          LOG.warnf(e, "Stopping engine %s failed", engineName);
          break;
        }
      }
      if (!awaitFinished(STOP_TIMEOUT)) {
        LOG.warnf("Engine %s did not stop within %s", engineName, STOP_TIMEOUT);
      }
    }
    publisher.close();
    admin.close(Duration.ZERO);
    if (config.delivery() == Delivery.EXACTLY_ONCE) {
      RelayOffsetStore.unregister(engineName);
    }
    executor.shutdownNow();
  }

  private boolean awaitFinished(Duration timeout) {
    try {
      return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Admin client properties from the pass-through. */
  public static Map<String, Object> adminProperties(Map<String, String> kafka) {
    Map<String, Object> properties = new HashMap<>(kafka);
    properties.keySet().retainAll(AdminClientConfig.configNames());
    return properties;
  }
}
