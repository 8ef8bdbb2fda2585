package dev.onceflow.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** payment-service's business configuration, under {@code onceflow.payments}. */
@ConfigMapping(prefix = "onceflow.payments")
public interface PaymentsConfig {

  /** The key of {@link #limit()}, for error messages. */
  String LIMIT = "onceflow.payments.limit";

  /**
   * The largest order total that is authorised; a larger one is declined. Must be zero or more
   * (checked at start-up, naming the key).
   */
  @WithDefault("1000.00")
  BigDecimal limit();
}
