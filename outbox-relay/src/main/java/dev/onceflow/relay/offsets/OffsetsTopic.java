package dev.onceflow.relay.offsets;

import dev.onceflow.relay.publish.TopicProvisioning;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

/**
 * The compacted topic where the exactly-once relay commits its source offset with each transaction.
 */
public final class OffsetsTopic {

  private static final Logger LOG = Logger.getLogger(OffsetsTopic.class);

  private final String topic;
  private final Map<String, String> kafka;
  private final Duration readTimeout;

  /**
   * @param topic the topic's name
   * @param kafka the {@code kafka.*} pass-through properties (bootstrap servers, security)
   * @param readTimeout how long {@link #readCommitted()} may take before it fails
   */
  public OffsetsTopic(String topic, Map<String, String> kafka, Duration readTimeout) {
    this.topic = topic;
    this.kafka = Map.copyOf(kafka);
    this.readTimeout = readTimeout;
  }

  /** The topic's name. */
  public String name() {
    return topic;
  }

  /**
   * Creates the topic unless it exists: one partition, compacted, small segments (it receives one
   * small record per transaction, and only the latest per key matters).
   */
  public void ensureExists(Admin admin) {
    NewTopic newTopic =
        new NewTopic(topic, Optional.of(1), Optional.empty())
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.SEGMENT_BYTES_CONFIG,
                    Integer.toString(1024 * 1024),
                    TopicConfig.SEGMENT_MS_CONFIG,
                    Long.toString(Duration.ofMinutes(10).toMillis()),
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
                    "0.1"));
    if (TopicProvisioning.ensure(admin, newTopic, "offsets")) {
      LOG.infof("Created the compacted offsets topic %s", topic);
    }
  }

  /**
   * Every key's latest committed value, read from the beginning with {@code read_committed}: what
   * aborted or fenced transactions wrote is never seen. Call it after {@code initTransactions()},
   * which settles the previous producer's open transaction.
   */
  public Map<ByteBuffer, ByteBuffer> readCommitted() {
    try (OffsetsTail reader = tail()) {
      return reader.readToEnd(readTimeout);
    }
  }

  /** A reader that keeps its place: {@link OffsetsTail}. */
  public OffsetsTail tail() {
    return new OffsetsTail(topic, kafka);
  }

  /** How long a read to the end may take. */
  public Duration readTimeout() {
    return readTimeout;
  }
}
