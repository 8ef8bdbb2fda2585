package dev.onceflow.order;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Configuration of order-service, under {@code onceflow.orders}. Values out of range fail start-up
 * with a message naming the key.
 */
@ConfigMapping(prefix = "onceflow.orders")
public interface OrdersConfig {

  /** Largest page size {@code GET /orders} returns; a larger requested {@code size} is refused. */
  @WithDefault("100")
  @Min(1)
  @Max(1000)
  int maxPageSize();

  /** Page size of {@code GET /orders} when the request gives none; at most the max page size. */
  @WithDefault("20")
  @Min(1)
  @Max(1000)
  int defaultPageSize();

  /**
   * Longest a query of {@code GET /orders} may run (PostgreSQL's {@code statement_timeout} for it,
   * lock waits included); longer ones are cancelled and answered {@code 503}. Positive.
   */
  @WithDefault("5s")
  Duration queryTimeout();

  /**
   * How long an {@code Idempotency-Key} protects against a duplicate order; after that the same key
   * (of the same customer) places a new order, and the key's row is purged. Positive.
   */
  @WithDefault("24h")
  Duration idempotencyKeyTtl();

  /** How often expired idempotency keys are deleted. */
  @WithDefault("10m")
  Duration idempotencyKeyPurgeInterval();
}
