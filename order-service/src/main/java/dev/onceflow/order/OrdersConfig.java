package dev.onceflow.order;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Configuration of order-service, under {@code onceflow.orders}. Values out of range fail start-up
 * with a message naming the key.
 */
@ConfigMapping(prefix = "onceflow.orders")
public interface OrdersConfig {

  /** Largest page size {@code GET /orders} returns; a larger requested {@code size} is capped. */
  @WithDefault("100")
  @Min(1)
  @Max(1000)
  int maxPageSize();

  /** Page size of {@code GET /orders} when the request gives none; at most the max page size. */
  @WithDefault("20")
  @Min(1)
  @Max(1000)
  int defaultPageSize();
}
