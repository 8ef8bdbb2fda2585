package dev.onceflow.relay;

import dev.onceflow.contract.OnceflowTopics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the outbox relay, under {@code onceflow.relay}.
 *
 * <p>Native Debezium engine properties pass through unchanged under {@code
 * onceflow.relay.debezium.*}; native Kafka producer properties under {@code kafka.*} (the
 * convention Quarkus uses for {@code kafka.bootstrap.servers}). Keys the relay derives itself (the
 * offset store, the transactional id…) are rejected there, naming the typed key to use instead.
 */
@ConfigMapping(prefix = "onceflow.relay")
public interface RelayConfig {

  /** Delivery guarantee: {@code exactly-once} (the default) or {@code at-least-once}. */
  @WithDefault("exactly-once")
  Delivery delivery();

  /**
   * The shard this relay serves: one shard per source database and replication slot. Names the
   * Kafka {@code transactional.id} ({@code onceflow-relay-<shard-id>}), the Debezium engine and the
   * advisory lock that elects the active instance among replicas.
   */
  @WithDefault("default")
  String shardId();

  /** The PostgreSQL database whose outbox table the relay reads. */
  Database database();

  /**
   * Logical replication slot the relay reads from and confirms; created (a failover slot from
   * PostgreSQL 17 on) at the first start, when Kafka holds no position for the shard. A slot
   * missing while Kafka holds one halts the relay instead.
   */
  @WithDefault("onceflow_outbox")
  String slot();

  /**
   * Publication of the outbox table; must exist (the platform-core migration creates it), the relay
   * never creates or alters it.
   */
  @WithDefault("onceflow_outbox")
  String publication();

  /** The outbox table, schema-qualified. */
  @WithDefault("public.outbox_event")
  String table();

  /** Prefix of event topics: an event goes to {@code <topic-prefix><aggregatetype>}. */
  @WithDefault(OnceflowTopics.EVENT_TOPIC_PREFIX)
  String topicPrefix();

  /**
   * Compacted topic holding the source offset written in each transaction (exactly-once mode);
   * created if missing.
   */
  @WithDefault(OnceflowTopics.RELAY_OFFSETS)
  String offsetsTopic();

  /**
   * Topic of the outbox events Kafka will never accept (too large, invalid or missing topic), with
   * the reason in their headers; created if missing.
   */
  @WithDefault(OnceflowTopics.RELAY_DEAD_LETTERS)
  String deadLetterTopic();

  /**
   * File of Debezium's stock offset store in at-least-once mode; default {@code
   * data/onceflow-relay-<shard-id>.offsets} in the working directory.
   */
  Optional<Path> offsetsFile();

  /** Most change events per Debezium batch, and so per Kafka transaction. */
  @WithDefault("2048")
  int maxBatchSize();

  /** Capacity of Debezium's queue between the replication stream and the publisher. */
  @WithDefault("8192")
  int maxQueueSize();

  /**
   * How often processed offsets are flushed: the replication slot is confirmed this often. In
   * at-least-once mode this is also how much a crash re-publishes.
   */
  @WithDefault("1s")
  Duration offsetFlushInterval();

  /**
   * How often Debezium emits a heartbeat and writes a logical message into the WAL, so that an idle
   * outbox on a busy database does not make the slot retain WAL.
   */
  @WithDefault("5s")
  Duration heartbeatInterval();

  /**
   * How long Debezium gathers a batch smaller than the maximum, and pauses when the stream is idle:
   * what the relay adds to an event's latency at low rates, at most about twice this.
   */
  @WithDefault("5ms")
  Duration pollInterval();

  /**
   * How long a standby waits queued on the shard lock in one go (it is granted the lock the moment
   * the holder's session ends; between waits it refreshes its view of the slot), and how often the
   * active instance checks that it still holds the lock.
   */
  @WithDefault("1s")
  Duration standbyPollInterval();

  /**
   * Whether an instance loads the classes of an activation (producer, Debezium engine and
   * connector) in the background as soon as it starts, then warms up its Kafka clients (an admin
   * listing and a producer's metadata read, without a transactional id: nothing is sent, nobody is
   * fenced), so that a standby takes over seconds sooner; costs about 40 MiB of metaspace the
   * active instance uses anyway.
   */
  @WithDefault("true")
  boolean standbyPreload();

  /**
   * How long PostgreSQL keeps the shard lock of an instance that stopped talking to it (frozen,
   * partitioned, powered off): the lock's session runs with this {@code idle_session_timeout} and
   * the instance pings it four times per period. Bounds the standby's takeover; see the README.
   */
  @WithDefault("10s")
  Duration lockSessionTimeout();

  /**
   * How long a newly active instance waits for the slot to be released by a previous holder before
   * it terminates that holder's walsender.
   */
  @WithDefault("5s")
  Duration slotReleaseTimeout();

  /** First delay before retrying a batch after a retriable Kafka error; doubles on each failure. */
  @WithDefault("100ms")
  Duration retryInitialBackoff();

  /** Longest delay between retries of a batch, of producer start-up and of engine restarts. */
  @WithDefault("10s")
  Duration retryMaxBackoff();

  /**
   * Exit the process (status 3) when this instance is fenced by another one, so that the
   * orchestrator restarts it as a standby.
   */
  @WithDefault("true")
  boolean exitOnFence();

  /**
   * Native Debezium engine and PostgreSQL connector properties, passed through unchanged, e.g.
   * {@code onceflow.relay.debezium."status.update.interval.ms"=5000}.
   */
  Map<String, String> debezium();

  /** Connection to the source database. */
  interface Database {

    /** Host name of the PostgreSQL primary. */
    @WithDefault("localhost")
    String host();

    /** TCP port. */
    @WithDefault("5432")
    int port();

    /** Database name. */
    @WithDefault("onceflow")
    String name();

    /**
     * Role with the {@code REPLICATION} attribute and nothing more: logical decoding without a
     * snapshot needs no privilege on any table.
     */
    @WithDefault("onceflow_relay")
    String user();

    /**
     * The role's password; no default: set {@code ONCEFLOW_RELAY_DATABASE_PASSWORD} in the
     * environment.
     */
    String password();
  }
}
