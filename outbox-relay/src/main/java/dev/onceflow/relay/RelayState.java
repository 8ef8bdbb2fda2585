package dev.onceflow.relay;

/** Where an instance of the relay stands among the replicas of its shard. */
public enum RelayState {

  /** Validating configuration and the source database. */
  STARTING,

  /** Another instance holds the shard lock; this one waits to take over. */
  STANDBY,

  /** Holds the shard lock and is starting its producer and engine. */
  ACTIVATING,

  /** Holds the shard lock and publishes. */
  ACTIVE,

  /** Fenced by another instance or refused by Kafka for good; publishes nothing more. */
  FENCED,

  /**
   * Stopped publishing because the source database does not hold what Kafka says was published: its
   * replication slot is gone, or its WAL is behind the committed position (restored to an earlier
   * point). Going on would silently lose or skip events; an operator decides.
   */
  HALTED,

  /** Shut down. */
  STOPPED
}
