package dev.onceflow.order.internal;

import dev.onceflow.order.OrdersConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
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
}
