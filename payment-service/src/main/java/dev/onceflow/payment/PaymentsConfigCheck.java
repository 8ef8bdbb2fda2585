package dev.onceflow.payment;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Stops start-up on a negative limit, naming the key, instead of declining every order. */
@Startup
@ApplicationScoped
class PaymentsConfigCheck {

  PaymentsConfigCheck(PaymentsConfig config) {
    check(config);
  }

  static void check(PaymentsConfig config) {
    if (config.limit().signum() < 0) {
      throw new ConfigurationException(
          PaymentsConfig.LIMIT + " (" + config.limit() + ") must be zero or more",
          Set.of(PaymentsConfig.LIMIT));
    }
  }
}
