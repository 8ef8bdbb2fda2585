package dev.onceflow.order.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.order.OrdersConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/**
 * Bad values of {@code onceflow.orders.*} stop the service at start-up with a message naming the
 * key. Built the way Quarkus builds it (SmallRye Config validating the mapping with Hibernate
 * Validator), without starting an application per bad value.
 */
class OrdersConfigTest {

  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  @Test
  void defaultsAreConsistent() {
    OrdersConfig config = load(Map.of());

    assertThat(config.defaultPageSize()).isEqualTo(20);
    assertThat(config.maxPageSize()).isEqualTo(100);
    OrdersConfigCheck.check(config);
  }

  @Test
  void aValueOutOfRangeNamesItsKey() {
    assertThatThrownBy(() -> load(Map.of("onceflow.orders.max-page-size", "0")))
        .hasMessageContaining("onceflow.orders.max-page-size");
    assertThatThrownBy(() -> load(Map.of("onceflow.orders.default-page-size", "5000")))
        .hasMessageContaining("onceflow.orders.default-page-size");
  }

  @Test
  void aValueThatIsNotANumberNamesItsKey() {
    assertThatThrownBy(() -> load(Map.of("onceflow.orders.max-page-size", "lots")))
        .hasMessageContaining("onceflow.orders.max-page-size");
  }

  @Test
  void aDefaultPageLargerThanTheMaximumNamesBothKeys() {
    OrdersConfig config =
        load(
            Map.of(
                "onceflow.orders.default-page-size", "50", "onceflow.orders.max-page-size", "10"));

    assertThatThrownBy(() -> OrdersConfigCheck.check(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("onceflow.orders.default-page-size")
        .hasMessageContaining("onceflow.orders.max-page-size");
  }

  @Test
  void aTimeoutOrTtlThatIsNotPositiveNamesItsKey() {
    for (String key :
        new String[] {"onceflow.orders.query-timeout", "onceflow.orders.idempotency-key-ttl"}) {
      OrdersConfig config = load(Map.of(key, "0s"));
      assertThatThrownBy(() -> OrdersConfigCheck.check(config))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(key);
    }
    assertThat(load(Map.of()).idempotencyKeyTtl()).hasHours(24);
    assertThat(load(Map.of()).queryTimeout()).hasSeconds(5);
  }

  private static OrdersConfig load(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(properties, "test", 500))
            .withMapping(OrdersConfig.class)
            // Quarkus reads "5s"-style durations with this converter; plain SmallRye does not.
            .withConverter(Duration.class, 200, new DurationConverter())
            .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
            .build();
    return config.getConfigMapping(OrdersConfig.class);
  }
}
