package dev.onceflow.payment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PaymentsConfigCheckTest {

  @Test
  void aNegativeLimitStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> PaymentsConfigCheck.check(() -> new BigDecimal("-0.01")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(PaymentsConfig.LIMIT);
  }

  @Test
  void zeroDeclinesEveryPaidOrderAndIsAllowed() {
    assertThatCode(() -> PaymentsConfigCheck.check(() -> BigDecimal.ZERO))
        .doesNotThrowAnyException();
  }
}
