package dev.onceflow.order.internal;

import dev.onceflow.order.OrdersConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;

/**
 * Checks what the per-key constraints on {@link OrdersConfig} cannot: how keys relate to each
 * other. Runs at start-up so a bad combination stops the service instead of surprising a caller.
 */
@Startup
@ApplicationScoped
class OrdersConfigCheck {

  OrdersConfigCheck(OrdersConfig config) {
    check(config);
  }

  static void check(OrdersConfig config) {
    positive(config.queryTimeout(), "onceflow.orders.query-timeout");
    positive(config.idempotencyKeyTtl(), "onceflow.orders.idempotency-key-ttl");
    if (config.defaultPageSize() > config.maxPageSize()) {
      throw new ConfigurationException(
          "onceflow.orders.default-page-size ("
              + config.defaultPageSize()
              + ") must not exceed onceflow.orders.max-page-size ("
              + config.maxPageSize()
              + ")",
          Set.of("onceflow.orders.default-page-size", "onceflow.orders.max-page-size"));
    }
  }

  private static void positive(Duration value, String key) {
    if (value.isNegative() || value.isZero()) {
      throw new ConfigurationException(key + " (" + value + ") must be positive", Set.of(key));
    }
  }
}
