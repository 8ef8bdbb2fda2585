package dev.onceflow.core.inbox;

import dev.onceflow.contract.OnceflowTopics;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The Kafka settings of the inbox's two channels, derived from {@code onceflow.inbox.*}, so that an
 * application configures its inbox with those keys alone. They exist only when {@code
 * onceflow.inbox.enabled=true}; the application's own {@code mp.messaging.incoming.<channel>.*}
 * keys win over every one of them (ordinal {@value #ORDINAL}, below {@code
 * application.properties}).
 *
 * <p>Why these values: batches in one transaction each; {@code read_committed} so an aborted relay
 * transaction is never applied; offsets committed by SmallRye only for acknowledged batches ({@code
 * throttled}, no auto-commit) and never judged too old, since a batch may be retried for as long as
 * the database is down; a new consumer group starts at the earliest record.
 *
 * <p>A member that dies without leaving (kill -9, OOM kill, a node lost) holds its partitions until
 * its session expires: Kafka's default {@code session.timeout.ms} of 45 s stops those partitions'
 * events for 45 s. The inbox ships {@value #SESSION_TIMEOUT_MS} ms (heartbeat every {@value
 * #HEARTBEAT_INTERVAL_MS} ms, a third of it): the survivors, or the restarted instance, take over
 * within about that. The cost is a spurious rebalance when heartbeats stop for longer, which needs
 * a stop-the-world pause or network cut of 10 s (the heartbeat has its own thread; a slow batch
 * does not count, {@code max.poll.interval.ms} bounds that); a rebalance only redelivers the
 * batches in flight, which the inbox skips as duplicates. Static membership ({@code
 * group.instance.id}) is not used: it would keep a dead member's partitions for the whole session
 * timeout unless the same instance id comes back, which a Deployment's pod names do not.
 */
public class InboxChannelDefaults implements ConfigSourceFactory {

  /** Below {@code application.properties} (250), above libraries' defaults (100). */
  public static final int ORDINAL = 150;

  /** How long a silent member keeps its partitions (Kafka's default: 45 s). */
  public static final int SESSION_TIMEOUT_MS = 10_000;

  /** Heartbeats a third of the session: two may be lost before the session expires. */
  public static final int HEARTBEAT_INTERVAL_MS = 3_000;

  private static final String NAME = "onceflow-inbox-channel-defaults";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue enabled = context.getValue(InboxConfig.ENABLED);
    if (enabled == null || !"true".equalsIgnoreCase(enabled.getValue())) {
      return List.of();
    }
    return List.of(new PropertiesConfigSource(defaults(), NAME, ORDINAL));
  }

  /**
   * The defaults, key by key, with {@code ${onceflow.inbox.*}} expressions unresolved (also read by
   * deploy-check to derive the Kafka ACLs an inbox needs).
   */
  public static Map<String, String> defaults() {
    Map<String, String> values = new LinkedHashMap<>();
    String inbox = InboxConfig.PREFIX;
    String events = "mp.messaging.incoming." + InboxChannels.EVENTS + ".";
    kafkaIn(values, events);
    values.put(events + "topic", "${" + inbox + ".topic}");
    values.put(events + "group.id", "${" + inbox + ".consumer-name}");
    values.put(events + "batch", "true");
    values.put(
        events + "max.poll.records",
        "${" + inbox + ".batch-size:" + InboxConfig.DEFAULT_BATCH_SIZE + "}");
    values.put(
        events + "concurrency",
        "${" + inbox + ".concurrency:" + InboxConfig.DEFAULT_CONCURRENCY + "}");
    values.put(events + "commit-strategy", "throttled");
    // Rejected records go to the dead-letter topic one by one (InboxConsumer).
    values.put(events + "failure-strategy", "dead-letter-queue");
    values.put(events + "dead-letter-queue.topic", OnceflowTopics.DEAD_LETTERS);

    String deadLetters = "mp.messaging.incoming." + InboxChannels.DEAD_LETTERS + ".";
    kafkaIn(values, deadLetters);
    values.put(deadLetters + "topic", OnceflowTopics.DEAD_LETTERS);
    values.put(deadLetters + "group.id", "${" + inbox + ".consumer-name}.dead-letters");
    return values;
  }

  private static void kafkaIn(Map<String, String> values, String channel) {
    values.put(channel + "connector", "smallrye-kafka");
    values.put(channel + "isolation.level", "read_committed");
    values.put(channel + "enable.auto.commit", "false");
    values.put(channel + "auto.offset.reset", "earliest");
    values.put(channel + "key.deserializer", StringDeserializer.class.getName());
    values.put(channel + "value.deserializer", ByteArrayDeserializer.class.getName());
    // Retries hold a batch for up to minutes; stalls are reported by the inbox's own liveness
    // check.
    values.put(channel + "throttled.unprocessed-record-max-age.ms", "0");
    values.put(channel + "session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
    values.put(channel + "heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS));
    // The inbox makes each event's CONSUMER span itself, from the event's traceparent, around its
    // apply (EventTrace). SmallRye's own receive span per record only duplicated it, on the polling
    // thread, and cost about a tenth of the consumer's CPU per event (docs/benchmarks.md,
    // consumer).
    values.put(channel + "tracing-enabled", "false");
  }
}
