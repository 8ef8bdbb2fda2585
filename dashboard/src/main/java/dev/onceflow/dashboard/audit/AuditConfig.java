package dev.onceflow.dashboard.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the live exactly-once audit, under {@code onceflow.dashboard.audit}. */
@ConfigMapping(prefix = "onceflow.dashboard.audit")
public interface AuditConfig {

  /**
   * Whether the audit runs. Off: nothing is remembered, judged or polled ({@code /audit/written}),
   * the snapshot carries no {@code audit}, {@code /api/audit} answers 404 and the anomaly metric is
   * not registered (so its alert rule cannot fire).
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * The inbox consumers (their journal names) expected to apply every event of every followed
   * topic; an event one of them has not applied within {@link #stuckAfter()} is stuck.
   */
  @WithDefault("fulfillment")
  List<String> consumers();

  /** An event published this long ago and not applied by a consumer is stuck for that consumer. */
  @WithDefault("60s")
  Duration stuckAfter();

  /**
   * An event written this long ago and not seen on Kafka is lost at the source. Keep it above the
   * writing services' transaction timeout (Quarkus: 60 s), so every transaction that wrote in the
   * window audited has ended.
   */
  @WithDefault("90s")
  Duration lostAfter();

  /** How often the writing services' {@code /audit/written} watermark is read. */
  @WithDefault("10s")
  Duration writtenPollInterval();

  /**
   * Base URLs of the services whose {@code GET /audit/written} lists what they wrote; unset: {@code
   * onceflow.dashboard.order-service-url}.
   */
  Optional<List<URI>> writtenSources();

  /**
   * Events remembered by id (duplicate and stuck detection); the oldest are forgotten first. Keep
   * it above the event rate times {@link #stuckAfter()} (80,000: 80 s at 1,000 events/s).
   */
  @WithDefault("80000")
  int maxEvents();

  /**
   * Aggregates remembered with their sequences (gap and lost detection); the least recently
   * published are forgotten first. Keep it above the rate of new aggregates times {@link
   * #lostAfter()} plus {@link #writtenPollInterval()}.
   */
  @WithDefault("100000")
  int maxAggregates();

  /** Anomalies kept for the screen (newest first); the counters count them all. */
  @WithDefault("100")
  int anomaliesShown();

  /** An anomaly keeps the audit's alert on screen this long (the alert rule's window). */
  @WithDefault("5m")
  Duration alertWindow();
}
