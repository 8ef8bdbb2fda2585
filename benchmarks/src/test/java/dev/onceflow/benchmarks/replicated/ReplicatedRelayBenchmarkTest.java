package dev.onceflow.benchmarks.replicated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the run's record says about where each relay reads from. */
class ReplicatedRelayBenchmarkTest {

  @Test
  void theRecordSaysEachRelayDrainsAPostgresClusterOfItsOwn() {
    assertThat(ReplicatedRelayBenchmark.setup(true, List.of("-Xmx1g")))
        .contains("each relay (its own JVM, -Xmx1g) with a PostgreSQL cluster of its own")
        .contains("a single broker (its own JVM) for the comparison")
        .doesNotContain("second PostgreSQL");
    assertThat(ReplicatedRelayBenchmark.setup(false, List.of("-Xmx1g")))
        .doesNotContain("single broker");

    List<String> method = ReplicatedRelayBenchmark.method(5, true);
    assertThat(method)
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith("Drains as the relay benchmark's")
                    .contains("to its own database, in a PostgreSQL cluster of its own")
                    .contains("5 rounds")
                    .contains("the single-broker relays (their own broker)"));
    assertThat(method)
        .anySatisfy(note -> assertThat(note).contains("its PostgreSQL cluster (backends"));
  }
}
