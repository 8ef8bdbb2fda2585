package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.BenchmarkOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@link RelayBuildsBenchmark}: two packaged relay builds drained side by side.
 *
 * @param beforeJar the baseline build's {@code quarkus-run.jar} (e.g. a copy of {@code
 *     outbox-relay/target/quarkus-app} built at an earlier commit)
 * @param afterJar the build under test, by default the one in this tree
 * @param events order-shaped backlog of each drain (a multiple of 4)
 * @param rounds paired rounds, each draining all four relays once
 * @param relayJvm JVM options of every relay (the same on both sides, JFR included)
 */
public record RelayBuildsOptions(
    Path beforeJar, Path afterJar, int events, int rounds, List<String> relayJvm, Path docs) {

  static final String AFTER_DEFAULT = "outbox-relay/target/quarkus-app/quarkus-run.jar";

  /** The relay benchmark's options for one build: its jar, order-shaped drains only. */
  RelayOptions relay(Path jar) {
    return RelayOptions.orderDrains(jar, events, rounds, relayJvm, docs);
  }

  /** The options as a command line that reproduces them, jars as given. */
  String commandLine() {
    return "relay-builds --before-jar "
        + beforeJar
        + " --after-jar "
        + afterJar
        + " --events "
        + events
        + " --rounds "
        + rounds
        + " --relay-jvm \""
        + String.join(" ", relayJvm)
        + "\"";
  }

  static RelayBuildsOptions parse(String[] args) {
    BenchmarkOptions values = BenchmarkOptions.parse(args);
    if (values.text("before-jar", "").isBlank()) {
      throw new IllegalArgumentException(
          "--before-jar is required: the baseline relay's quarkus-run.jar, e.g. outbox-relay built"
              + " at an earlier commit and its target/quarkus-app copied aside");
    }
    String hint =
        "build outbox-relay (mvn -pl outbox-relay -am package) and point at quarkus-run.jar";
    RelayBuildsOptions options =
        new RelayBuildsOptions(
            values.existingFile("before-jar", "", hint),
            values.existingFile("after-jar", AFTER_DEFAULT, hint),
            Backlog.orderShaped("events", values.positive("events", 40_000)),
            values.atLeast("rounds", 8, 5),
            values.words("relay-jvm", "-Xms512m -Xmx1g"),
            values.path("docs", "docs"));
    values.rejectUnknown();
    return options;
  }
}
