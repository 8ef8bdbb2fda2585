package dev.onceflow.contract;

/**
 * How a relay shard is known on Kafka. Each shard publishes through one transactional producer
 * whose id names the shard: a new instance of the shard fences the previous one, and the dashboard
 * learns from the id which shard writes which topic.
 */
public final class RelayShard {

  /** What every relay shard's transactional id starts with (an ACL prefix). */
  public static final String TRANSACTIONAL_ID_PREFIX = "onceflow-relay-";

  private RelayShard() {}

  /** The transactional id of shard {@code shardId}, also the name of its Debezium engine. */
  public static String transactionalId(String shardId) {
    return TRANSACTIONAL_ID_PREFIX + shardId;
  }
}
