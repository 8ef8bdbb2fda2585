package dev.onceflow.dashboard;

import dev.onceflow.contract.OnceflowTopics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the dashboard, under {@code onceflow.dashboard}. */
@ConfigMapping(prefix = "onceflow.dashboard")
public interface DashboardConfig {

  /** Base URL of order-service (health, metrics). */
  @WithDefault("http://127.0.0.1:8081")
  URI orderServiceUrl();

  /** Base URL of outbox-relay, any replica (health, metrics). */
  @WithDefault("http://127.0.0.1:8082")
  URI relayUrl();

  /**
   * {@code host:port} whose DNS name lists every relay instance, ready or not (a headless Service),
   * to show which one is active and which are standing by; unset: only {@link #relayUrl()}.
   */
  Optional<String> relayInstances();

  /** Base URL of inbox-consumer (health, metrics, dead letters and their replay). */
  @WithDefault("http://127.0.0.1:8083")
  URI inboxConsumerUrl();

  /**
   * More services whose health and metrics are read, as {@code name=base-url} pairs (e.g. {@code
   * payment-service=http://127.0.0.1:8084,outbox-relay-payments=http://127.0.0.1:8085}). The
   * pipeline graph shows each as what its metrics say it is: a service writing an outbox, a relay
   * shard, the host of an inbox consumer.
   */
  Optional<List<String>> scrapeTargets();

  /** The inbox consumer's Kafka consumer group, whose committed offsets give its lag. */
  @WithDefault("fulfillment")
  String inboxConsumerGroup();

  /** The dashboard's own Kafka consumer group ({@code read_committed}). */
  @WithDefault("onceflow-dashboard")
  String consumerGroup();

  /**
   * Who may act (replay dead letters) and see dead letters; the rest of the page needs no login.
   */
  Admin admin();

  /** How many failed logins a client address may make before it has to wait. */
  Login login();

  /**
   * Token the dashboard sends to inbox-consumer as {@code Authorization: Bearer <token>} with every
   * dead-letter call; from a Secret or the environment only ({@code ONCEFLOW_SERVICE_TOKEN}, which
   * the prod profile requires). Unset: no header (local and test runs).
   */
  Optional<String> serviceToken();

  /** How recent events are kept for journeys and charts. */
  Window window();

  /** How often the services' health and metrics and the consumer lag are read. */
  @WithDefault("2s")
  Duration scrapeInterval();

  /** Timeout of each HTTP call to a service. */
  @WithDefault("2s")
  Duration httpTimeout();

  /**
   * A stage whose input grew while its output did not move for this long raises a stall alert. Keep
   * it below 30 s minus {@link #scrapeInterval()}.
   */
  @WithDefault("20s")
  Duration stallAfter();

  /**
   * How often the dashboard's consumer refreshes topic metadata, i.e. how soon it follows a new
   * event topic (Kafka's {@code metadata.max.age.ms}).
   */
  @WithDefault("5s")
  Duration kafkaMetadataMaxAge();

  /** The dashboard follows every topic whose name starts with this (the relay's topic prefix). */
  @WithDefault(OnceflowTopics.EVENT_TOPIC_PREFIX)
  String eventTopicPrefix();

  /** How an order's saga is followed across the event topics. */
  Saga saga();

  /** The saga: placed, payment authorised or declined, confirmed or rejected, shipped. */
  interface Saga {

    /**
     * The inbox consumer whose commit of an order's {@code OrderConfirmed} means the order shipped
     * (the fulfilment side of the saga).
     */
    @WithDefault("fulfillment")
    String fulfillmentConsumer();
  }

  /** The admin user. Both keys unset: actions are refused, with a message saying why. */
  interface Admin {

    /**
     * User name; set it from a Secret or the environment ({@code
     * ONCEFLOW_DASHBOARD_ADMIN_USERNAME}).
     */
    Optional<String> username();

    /** Password; never in git ({@code ONCEFLOW_DASHBOARD_ADMIN_PASSWORD}). */
    Optional<String> password();
  }

  /** The limit on failed logins (login form and HTTP Basic alike), per client address. */
  interface Login {

    /** Failed logins an address may make within {@link #window()}; then it must wait. */
    @WithDefault("5")
    int maxFailures();

    /** The window that begins with an address's first failure; it is locked out until it ends. */
    @WithDefault("1m")
    Duration window();
  }

  /** Bounds of what the dashboard remembers. */
  interface Window {

    /** Most recent event journeys kept (oldest evicted first). */
    @WithDefault("2000")
    int journeys();

    /** Records re-read per partition when the dashboard starts, so journeys are not empty. */
    @WithDefault("200")
    int backfillPerPartition();

    /** How far back the charts go (one point per second). */
    @WithDefault("10m")
    Duration history();

    /** The sliding window of the headline rates and latency percentiles. */
    @WithDefault("10s")
    Duration headline();
  }
}
