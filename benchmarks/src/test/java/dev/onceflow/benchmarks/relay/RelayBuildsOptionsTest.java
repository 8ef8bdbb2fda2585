package dev.onceflow.benchmarks.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-build comparison's command line: what it refuses before starting anything. */
class RelayBuildsOptionsTest {

  @TempDir Path jars;

  @Test
  void withoutTheBaselineBuildItRefusesToStartNamingTheOption() {
    assertThatThrownBy(() -> RelayBuildsOptions.parse(new String[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--before-jar is required");
  }

  @Test
  void aBacklogThePgbenchClientsCannotShareEquallyIsRefused() throws Exception {
    String[] args = {
      "--before-jar", jar("before"), "--after-jar", jar("after"), "--events", "40001"
    };

    assertThatThrownBy(() -> RelayBuildsOptions.parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--events must be a multiple of 4, was 40001");
  }

  @Test
  void fewerThanFiveRoundsAreRefused() throws Exception {
    String[] args = {"--before-jar", jar("before"), "--after-jar", jar("after"), "--rounds", "4"};

    assertThatThrownBy(() -> RelayBuildsOptions.parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rounds must be at least 5");
  }

  @Test
  void theCommandLineReproducesTheRun() throws Exception {
    String before = jar("before");
    String after = jar("after");

    RelayBuildsOptions options =
        RelayBuildsOptions.parse(
            new String[] {
              "--before-jar", before, "--after-jar", after, "--events", "8000", "--rounds", "6"
            });

    assertThat(options.commandLine())
        .isEqualTo(
            "relay-builds --before-jar "
                + before
                + " --after-jar "
                + after
                + " --events 8000 --rounds 6 --relay-jvm \"-Xms512m -Xmx1g\"");
    assertThat(options.relay(Path.of(after)).relayJar()).isEqualTo(Path.of(after));
    assertThat(options.relay(Path.of(after)).polling()).isFalse();
  }

  private String jar(String build) throws Exception {
    return Files.createFile(jars.resolve(build + ".jar")).toString();
  }
}
