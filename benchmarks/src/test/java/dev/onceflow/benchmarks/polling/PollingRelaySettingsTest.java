package dev.onceflow.benchmarks.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PollingRelaySettingsTest {

  private static final Map<String, String> PASSWORD =
      Map.of(PollingRelay.PASSWORD_VARIABLE, "secret");

  private static final String[] REQUIRED = {
    "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/shop",
    "--user", "shop_poller",
    "--bootstrap-servers", "127.0.0.1:9092",
    "--topic-prefix", "shop.outbox.event."
  };

  @Test
  void readsTheCommandLineAndThePasswordFromTheEnvironment() {
    PollingRelaySettings settings =
        PollingRelaySettings.parse(
            with("--batch-size", "512", "--poll-interval-ms", "10"), PASSWORD);

    assertThat(settings)
        .isEqualTo(
            new PollingRelaySettings(
                "jdbc:postgresql://127.0.0.1:5432/shop",
                "shop_poller",
                "secret",
                "127.0.0.1:9092",
                "shop.outbox.event.",
                512,
                Duration.ofMillis(10)));
  }

  @Test
  void defaultsToBatchesOf2048AndAHalfSecondInterval() {
    PollingRelaySettings settings = PollingRelaySettings.parse(REQUIRED, PASSWORD);

    assertThat(settings.batchSize()).isEqualTo(2048);
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void refusesAMissingPasswordNamingTheVariable() {
    assertThatThrownBy(() -> PollingRelaySettings.parse(REQUIRED, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONCEFLOW_POLLING_RELAY_PASSWORD is not set");
  }

  @Test
  void refusesAMissingOptionNamingIt() {
    assertThatThrownBy(
            () ->
                PollingRelaySettings.parse(
                    new String[] {"--jdbc-url", "jdbc:postgresql://127.0.0.1/shop"}, PASSWORD))
        .hasMessage("--user is required");
  }

  @Test
  void refusesAnUnknownOptionNamingIt() {
    assertThatThrownBy(() -> PollingRelaySettings.parse(with("--batch", "5"), PASSWORD))
        .hasMessage("unknown option --batch");
  }

  @Test
  void refusesBadNumbersNamingTheOption() {
    assertThatThrownBy(() -> PollingRelaySettings.parse(with("--batch-size", "0"), PASSWORD))
        .hasMessage("--batch-size: must be at least 1, was 0");
    assertThatThrownBy(() -> PollingRelaySettings.parse(with("--batch-size", "many"), PASSWORD))
        .hasMessage("--batch-size: not a whole number: many");
    assertThatThrownBy(() -> PollingRelaySettings.parse(with("--poll-interval-ms", "-1"), PASSWORD))
        .hasMessage("--poll-interval-ms: must not be negative");
  }

  @Test
  void refusesAnOptionWithoutAValue() {
    assertThatThrownBy(() -> PollingRelaySettings.parse(with("--batch-size"), PASSWORD))
        .hasMessage("option --batch-size has no value");
  }

  private static String[] with(String... more) {
    String[] args = new String[REQUIRED.length + more.length];
    System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
    System.arraycopy(more, 0, args, REQUIRED.length, more.length);
    return args;
  }
}
