package dev.onceflow.benchmarks.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay benchmark's command line: the decoding floor's switch, the backlog sizes. */
class RelayOptionsTest {

  @Test
  void theFloorRunsByDefaultAndTheCommandLineReproducesItsAbsence() {
    assertThat(RelayOptions.parse(new String[0]).floor()).isTrue();
    assertThat(RelayOptions.parse(new String[0]).commandLine()).doesNotContain("--floor");

    RelayOptions off = RelayOptions.parse(new String[] {"--floor", "off"});

    assertThat(off.floor()).isFalse();
    assertThat(off.commandLine()).endsWith(" --floor off");
  }

  @Test
  void anythingButOnOrOffIsRefusedNamingTheOption() {
    assertThatThrownBy(() -> RelayOptions.parse(new String[] {"--floor", "yes"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--floor");
  }

  @Test
  void anOrderShapedBacklogThatFourWritersCannotShareIsRefusedBeforeAnythingStarts() {
    assertThatThrownBy(() -> RelayOptions.parse(new String[] {"--order-events", "100001"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--order-events must be a multiple of 4, was 100001");
  }

  @Test
  void orderDrainsRunTheCdcRelaysAloneOnTheOrderShapedBacklog() {
    RelayOptions options =
        RelayOptions.orderDrains(
            Path.of("relay.jar"), 8_000, 6, List.of("-Xmx1g"), Path.of("docs"));

    assertThat(options.shapes()).containsExactly(Backlog.ORDERS);
    assertThat(options.events(Backlog.ORDERS)).isEqualTo(8_000);
    assertThat(options.polling()).isFalse();
    assertThat(options.floor()).isFalse();
    assertThat(options.latencySeconds()).isZero();
    assertThat(options.relayConfig()).isEmpty();
    assertThatThrownBy(
            () ->
                RelayOptions.orderDrains(
                    Path.of("relay.jar"), 8_001, 6, List.of(), Path.of("docs")))
        .hasMessage("--events must be a multiple of 4, was 8001");
  }

  @Test
  void aPollIntervalChangesNothingElse() {
    RelayOptions options = RelayOptions.parse(new String[] {"--rounds", "5"});

    RelayOptions fast = options.withPollInterval(10);

    assertThat(fast.pollIntervalMs()).isEqualTo(10);
    assertThat(fast.rounds()).isEqualTo(5);
    assertThat(fast.commandLine())
        .isEqualTo(
            options.commandLine().replace("--poll-interval-ms 500", "--poll-interval-ms 10"));
  }
}
