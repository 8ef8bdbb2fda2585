package dev.onceflow.systemtest;

/** The faults a scenario injects while the load runs. */
enum FaultKind {
  /** SIGKILL of the orders shard's active outbox-relay instance, started again at once. */
  RELAY_KILL("relay_kill", "outbox-relay (orders shard) kill -9 (active instance)"),
  /** SIGKILL of the payments shard's one relay instance, started again at once. */
  PAYMENTS_RELAY_KILL("payments_relay_kill", "outbox-relay-payments kill -9"),
  /** SIGKILL of inbox-consumer, started again at once. */
  CONSUMER_KILL("consumer_kill", "inbox-consumer kill -9"),
  /** SIGKILL of payment-service (an inbox and an outbox in one transaction), started again. */
  PAYMENT_SERVICE_KILL("payment_service_kill", "payment-service kill -9"),
  /** The Kafka broker process killed (SIGKILL) or stopped (SIGTERM), started on the same data. */
  KAFKA_RESTART("kafka_restart", "Kafka broker restart (kill -9 / SIGTERM)"),
  /** PostgreSQL stopped in immediate mode (no checkpoint) and restarted: crash recovery. */
  POSTGRES_CRASH(
      "postgres_crash", "PostgreSQL crash restart (immediate mode: orders, payments, fulfillment)"),
  /** A second relay instance of the same shard started: it must stand by or be fenced. */
  SECOND_RELAY("second_relay", "second relay instance of the shard started"),
  /**
   * The active relay frozen with SIGSTOP (a lost node: its TCP sessions stay open) until a standby
   * took over, then resumed with SIGCONT: it must find itself fenced and publish nothing.
   */
  RELAY_FREEZE("relay_sigstop", "outbox-relay SIGSTOP until the standby took over, then SIGCONT"),
  /**
   * An event larger than the relay producer's {@code max.request.size} written into the outbox: the
   * relay moves it to its dead-letter topic and keeps going.
   */
  OVERSIZED_EVENT("oversized_event", "oversized event written into the outbox (dead-lettered)"),
  /**
   * The orders PostgreSQL crashes and its synchronous streaming standby is promoted onto its
   * address: every service follows the new primary.
   */
  DATABASE_FAILOVER("database_failover", "PostgreSQL failover to the promoted streaming standby"),
  /**
   * inbox-consumer's PostgreSQL stopped for {@link ConsumerDatabaseOutage#OUTAGE} while orders keep
   * flowing: the consumer retries without limit and dead-letters nothing.
   */
  CONSUMER_DATABASE_OUTAGE(
      "consumer_database_outage",
      "fulfillment PostgreSQL stopped "
          + ConsumerDatabaseOutage.OUTAGE.toSeconds()
          + " s (consumer retries)");

  private final String key;
  private final String description;

  FaultKind(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** The name in {@code ledger.json}. */
  String key() {
    return key;
  }

  /** The label in the printed ledger. */
  String description() {
    return description;
  }
}
