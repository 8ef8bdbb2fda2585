package dev.onceflow.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpExportSwitchTest {

  @Test
  void withoutAnEndpointTheSdkIsDisabled() {
    SmallRyeConfig config = config(Map.of());
    assertThat(config.getValue(OtlpExportSwitch.SDK_DISABLED, Boolean.class)).isTrue();
    // Quarkus passes the SDK only the otel properties it finds by name.
    assertThat(config.getPropertyNames()).contains(OtlpExportSwitch.SDK_DISABLED);
  }

  @Test
  void quarkusDefaultDoesNotCountAsASetting() {
    // Quarkus registers the default of every mapped key (here `false`) in
    // DefaultValuesConfigSource.
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withDefaultValue(OtlpExportSwitch.SDK_DISABLED, "false")
            .withDefaultValue(OtlpExportSwitch.ENDPOINT, "http://localhost:4317/")
            .withDefaultValue(OtlpExportSwitch.TRACES_ENDPOINT, "http://localhost:4317/")
            .withInterceptors(new OtlpExportSwitch())
            .build();
    assertThat(config.getValue(OtlpExportSwitch.SDK_DISABLED, Boolean.class)).isTrue();
  }

  @Test
  void anEndpointEnablesTheSdk() {
    assertThat(
            config(Map.of(OtlpExportSwitch.ENDPOINT, "http://collector:4317"))
                .getValue(OtlpExportSwitch.SDK_DISABLED, Boolean.class))
        .isFalse();
    assertThat(
            config(Map.of(OtlpExportSwitch.TRACES_ENDPOINT, "https://collector:4318/"))
                .getValue(OtlpExportSwitch.SDK_DISABLED, Boolean.class))
        .isFalse();
  }

  @Test
  void anExplicitSwitchWins() {
    assertThat(
            config(
                    Map.of(
                        OtlpExportSwitch.ENDPOINT,
                        "http://collector:4317",
                        OtlpExportSwitch.SDK_DISABLED,
                        "true"))
                .getValue(OtlpExportSwitch.SDK_DISABLED, Boolean.class))
        .isTrue();
  }

  @Test
  void aMalformedEndpointFailsNamingItsKey() {
    SmallRyeConfig config = config(Map.of(OtlpExportSwitch.ENDPOINT, "collector:4317"));
    assertThatThrownBy(() -> config.getValue(OtlpExportSwitch.SDK_DISABLED, Boolean.class))
        .hasMessageContaining(OtlpExportSwitch.ENDPOINT + "=collector:4317");
    SmallRyeConfig noHost = config(Map.of(OtlpExportSwitch.TRACES_ENDPOINT, "http:///v1"));
    assertThatThrownBy(() -> noHost.getValue(OtlpExportSwitch.TRACES_ENDPOINT, String.class))
        .hasMessageContaining(OtlpExportSwitch.TRACES_ENDPOINT);
  }

  private static SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 100))
        .withInterceptors(new OtlpExportSwitch())
        .build();
  }
}
