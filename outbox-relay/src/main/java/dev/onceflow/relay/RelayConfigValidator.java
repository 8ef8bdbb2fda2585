package dev.onceflow.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the configuration before anything connects anywhere. Every problem names its key, so that
 * a wrong deployment fails at start-up with a message an operator can act on.
 */
public final class RelayConfigValidator {

  private static final Pattern SHARD_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*");

  /**
   * Debezium keys the relay derives from its typed configuration or needs for its guarantee, with
   * the key to use instead (empty: not configurable).
   */
  private static final Map<String, String> DEBEZIUM_MANAGED =
      Map.ofEntries(
          Map.entry("name", "onceflow.relay.shard-id"),
          Map.entry("connector.class", ""),
          Map.entry("offset.storage", "onceflow.relay.delivery"),
          Map.entry("offset.storage.file.filename", "onceflow.relay.offsets-file"),
          Map.entry("offset.flush.interval.ms", "onceflow.relay.offset-flush-interval"),
          Map.entry("offset.commit.policy", ""),
          Map.entry("topic.prefix", "onceflow.relay.shard-id"),
          Map.entry("database.hostname", "onceflow.relay.database.host"),
          Map.entry("database.port", "onceflow.relay.database.port"),
          Map.entry("database.dbname", "onceflow.relay.database.name"),
          Map.entry("database.user", "onceflow.relay.database.user"),
          Map.entry("database.password", "onceflow.relay.database.password"),
          Map.entry("plugin.name", ""),
          Map.entry("slot.name", "onceflow.relay.slot"),
          Map.entry("slot.drop.on.stop", ""),
          Map.entry("publication.name", "onceflow.relay.publication"),
          Map.entry("publication.autocreate.mode", "onceflow.relay.publication"),
          Map.entry("table.include.list", "onceflow.relay.table"),
          Map.entry("snapshot.mode", ""),
          Map.entry("max.batch.size", "onceflow.relay.max-batch-size"),
          Map.entry("max.queue.size", "onceflow.relay.max-queue-size"),
          Map.entry("poll.interval.ms", "onceflow.relay.poll-interval"),
          Map.entry("heartbeat.interval.ms", "onceflow.relay.heartbeat-interval"),
          Map.entry("heartbeat.action.query", ""),
          // The relay reads the outbox table's change events as Debezium emits them and routes
          // them itself (EventRecords): a transform would change what it reads.
          Map.entry("transforms", "onceflow.relay.topic-prefix"),
          Map.entry("predicates", ""));

  /** Kafka producer keys the relay sets itself. */
  private static final Map<String, String> KAFKA_MANAGED =
      Map.of(
          "transactional.id", "onceflow.relay.shard-id",
          "enable.idempotence", "",
          "key.serializer", "",
          "value.serializer", "",
          "key.deserializer", "",
          "value.deserializer", "",
          "isolation.level", "");

  private RelayConfigValidator() {}

  /**
   * Every problem with {@code config}; empty when it is usable.
   *
   * @param kafka the {@code kafka.*} pass-through properties, without the prefix
   */
  public static List<String> problems(RelayConfig config, Map<String, String> kafka) {
    List<String> problems = new ArrayList<>();
    if (!SHARD_ID.matcher(config.shardId()).matches()) {
      problems.add(
          "onceflow.relay.shard-id: '"
              + config.shardId()
              + "' must be 1-100 letters, digits, '_' or '-'"
              + " (it names the Kafka transactional id and the Debezium engine)");
    }
    if (!SLOT.matcher(config.slot()).matches()) {
      problems.add(
          "onceflow.relay.slot: '"
              + config.slot()
              + "' is not a valid replication slot name (1-63 lower-case letters, digits or '_')");
    }
    if (config.publication().isBlank()) {
      problems.add("onceflow.relay.publication: must not be blank");
    }
    if (!TABLE.matcher(config.table()).matches()) {
      problems.add(
          "onceflow.relay.table: '"
              + config.table()
              + "' must be a schema-qualified table name such as public.outbox_event");
    }
    if (!TOPIC.matcher(config.topicPrefix() + "x").matches()) {
      problems.add(
          "onceflow.relay.topic-prefix: '"
              + config.topicPrefix()
              + "' may only contain letters, digits, '.', '_' and '-'");
    }
    topicName(problems, "onceflow.relay.offsets-topic", config.offsetsTopic());
    topicName(problems, "onceflow.relay.dead-letter-topic", config.deadLetterTopic());
    if (config.database().host().isBlank()) {
      problems.add("onceflow.relay.database.host: must not be blank");
    }
    if (config.database().port() < 1 || config.database().port() > 65535) {
      problems.add(
          "onceflow.relay.database.port: " + config.database().port() + " is not a TCP port");
    }
    if (config.maxBatchSize() < 1) {
      problems.add(
          "onceflow.relay.max-batch-size: must be at least 1, was " + config.maxBatchSize());
    }
    if (config.maxQueueSize() <= config.maxBatchSize()) {
      problems.add(
          "onceflow.relay.max-queue-size: must be larger than onceflow.relay.max-batch-size ("
              + config.maxBatchSize()
              + "), was "
              + config.maxQueueSize());
    }
    positive(problems, "onceflow.relay.offset-flush-interval", config.offsetFlushInterval());
    positive(problems, "onceflow.relay.heartbeat-interval", config.heartbeatInterval());
    atLeastOneMillisecond(problems, "onceflow.relay.poll-interval", config.pollInterval());
    positive(problems, "onceflow.relay.standby-poll-interval", config.standbyPollInterval());
    positive(problems, "onceflow.relay.retry-initial-backoff", config.retryInitialBackoff());
    if (config.retryMaxBackoff().compareTo(config.retryInitialBackoff()) < 0) {
      problems.add(
          "onceflow.relay.retry-max-backoff: must not be shorter than"
              + " onceflow.relay.retry-initial-backoff");
    }
    if (config.lockSessionTimeout().compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(
          "onceflow.relay.lock-session-timeout: must be at least 1s, was "
              + config.lockSessionTimeout());
    }
    if (config.slotReleaseTimeout().isNegative()) {
      problems.add("onceflow.relay.slot-release-timeout: must not be negative");
    }
    config
        .debezium()
        .forEach(
            (key, value) -> {
              String managed = managedDebeziumKey(key);
              if (managed != null) {
                problems.add(
                    "onceflow.relay.debezium."
                        + key
                        + ": set by the relay"
                        + (DEBEZIUM_MANAGED.get(managed).isEmpty()
                            ? ", not configurable"
                            : "; use " + DEBEZIUM_MANAGED.get(managed)));
              } else if (key.equals("lsn.flush.mode")
                  && value.toLowerCase(Locale.ROOT).contains("driver")) {
                problems.add(
                    "onceflow.relay.debezium.lsn.flush.mode: '"
                        + value
                        + "' would let the JDBC driver confirm LSNs that Kafka has not committed;"
                        + " remove it");
              }
            });
    if (!kafka.containsKey("bootstrap.servers") || kafka.get("bootstrap.servers").isBlank()) {
      problems.add(
          "kafka.bootstrap.servers: required (or KAFKA_BOOTSTRAP_SERVERS in the environment)");
    }
    kafka.forEach(
        (key, value) -> {
          if (KAFKA_MANAGED.containsKey(key)) {
            String instead = KAFKA_MANAGED.get(key);
            problems.add(
                "kafka."
                    + key
                    + ": set by the relay"
                    + (instead.isEmpty() ? ", not configurable" : "; use " + instead));
          } else if (key.equals("acks") && !value.equals("all") && !value.equals("-1")) {
            problems.add(
                "kafka.acks: '" + value + "' cannot be used by the relay, which needs acks=all");
          }
        });
    return problems;
  }

  /** Throws {@link RelayMisconfigured} listing every problem, if there is any. */
  public static void require(RelayConfig config, Map<String, String> kafka) {
    List<String> problems = problems(config, kafka);
    if (!problems.isEmpty()) {
      throw new RelayMisconfigured(problems);
    }
  }

  private static String managedDebeziumKey(String key) {
    if (DEBEZIUM_MANAGED.containsKey(key)) {
      return key;
    }
    if (key.startsWith("transforms.")) {
      return "transforms";
    }
    if (key.startsWith("predicates.")) {
      return "predicates";
    }
    return null;
  }

  private static void positive(List<String> problems, String key, Duration value) {
    if (value.isZero() || value.isNegative()) {
      problems.add(key + ": must be positive, was " + value);
    }
  }

  private static void atLeastOneMillisecond(List<String> problems, String key, Duration value) {
    if (value.toMillis() < 1) {
      problems.add(key + ": must be at least 1ms, was " + value);
    }
  }

  private static void topicName(List<String> problems, String key, String topic) {
    if (!TOPIC.matcher(topic).matches()) {
      problems.add(key + ": '" + topic + "' is not a valid topic name");
    }
  }
}
