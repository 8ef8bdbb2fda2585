package dev.onceflow.benchmarks.platform;

import dev.onceflow.benchmarks.BenchmarkOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The options that the scenarios running the packaged relay read alike: {@code --relay-jar} (which
 * must be built), {@code --relay-jvm} and {@code --docs}, where the figures go.
 *
 * @param jar the relay's {@code quarkus-run.jar}
 * @param jvm the relay's JVM options
 * @param docs the directory of {@code benchmarks.json} and {@code benchmarks.md}
 */
public record PackagedRelayOptions(Path jar, List<String> jvm, Path docs) {

  /** Where {@code mvn package} puts the relay, relative to the repository. */
  public static final String DEFAULT_JAR = "outbox-relay/target/quarkus-app/quarkus-run.jar";

  /** Reads {@code --relay-jar}, {@code --relay-jvm} and {@code --docs} from {@code values}. */
  public static PackagedRelayOptions read(BenchmarkOptions values) {
    return new PackagedRelayOptions(
        values.existingFile(
            "relay-jar", DEFAULT_JAR, "mvn -pl outbox-relay -am -DskipTests package"),
        values.words("relay-jvm", "-Xms512m -Xmx1g"),
        values.path("docs", "docs"));
  }
}
