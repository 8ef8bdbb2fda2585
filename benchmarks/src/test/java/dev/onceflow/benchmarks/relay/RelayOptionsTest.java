package dev.onceflow.benchmarks.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The relay benchmark's command line: the decoding floor's switch. */
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
}
