package dev.onceflow.benchmarks.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.benchmarks.BenchmarkOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagedRelayOptionsTest {

  @Test
  void defaultsAreTheShippedJvmAndDocs(@TempDir Path directory) throws Exception {
    Path jar = Files.createFile(directory.resolve("quarkus-run.jar"));
    BenchmarkOptions values = BenchmarkOptions.parse(new String[] {"--relay-jar", jar.toString()});

    PackagedRelayOptions options = PackagedRelayOptions.read(values);

    assertThat(options.jar()).isEqualTo(jar);
    assertThat(options.jvm()).isEqualTo(List.of("-Xms512m", "-Xmx1g"));
    assertThat(options.docs()).isEqualTo(Path.of("docs"));
    values.rejectUnknown();
  }

  @Test
  void everyOptionIsReadSoNoneIsUnknown(@TempDir Path directory) throws Exception {
    Path jar = Files.createFile(directory.resolve("relay.jar"));
    BenchmarkOptions values =
        BenchmarkOptions.parse(
            new String[] {"--relay-jar", jar.toString(), "--relay-jvm", "-Xmx2g", "--docs", "out"});

    PackagedRelayOptions options = PackagedRelayOptions.read(values);

    assertThat(options.jvm()).containsExactly("-Xmx2g");
    assertThat(options.docs()).isEqualTo(Path.of("out"));
    values.rejectUnknown();
  }

  @Test
  void aMissingJarFailsSayingHowToBuildIt(@TempDir Path directory) {
    BenchmarkOptions values =
        BenchmarkOptions.parse(
            new String[] {"--relay-jar", directory.resolve("absent.jar").toString()});

    assertThatThrownBy(() -> PackagedRelayOptions.read(values))
        .hasMessageContaining("absent.jar is missing")
        .hasMessageContaining("mvn -pl outbox-relay -am -DskipTests package");
  }
}
