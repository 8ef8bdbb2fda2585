package dev.onceflow.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildTest {

  @TempDir Path root;

  private Build build() {
    return new Build(
        Workspace.of(root, Map.of()),
        new Console(new PrintStream(new ByteArrayOutputStream()), System.err));
  }

  @Test
  void anArtifactIsStaleWhenMissingOrOlderThanAPomOrAMainSourceNotATest() throws Exception {
    Build build = build();
    Path jar = root.resolve("svc/target/quarkus-app/quarkus-run.jar");
    Path main = write("svc/src/main/java/A.java", 0);
    assertThat(build.stale(jar, List.of("svc"))).as("missing").isTrue();

    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "jar");
    Files.setLastModifiedTime(jar, at(100));
    Files.setLastModifiedTime(main, at(50));
    assertThat(build.stale(jar, List.of("svc"))).isFalse();

    write("svc/src/test/java/ATest.java", 200);
    assertThat(build.stale(jar, List.of("svc"))).as("a newer test").isFalse();

    Files.setLastModifiedTime(main, at(200));
    assertThat(build.stale(jar, List.of("svc"))).as("a newer main source").isTrue();

    Files.setLastModifiedTime(main, at(50));
    write("pom.xml", 300);
    assertThat(build.stale(jar, List.of("svc"))).as("a newer root pom").isTrue();
  }

  @Test
  void mavensColourResetsAreLeftOut() {
    assertThat(Build.plain("\u001b[0m\u001b[0m")).isEmpty();
    assertThat(Build.plain("\u001b[1;31m[ERROR]\u001b[m compilation failed"))
        .isEqualTo("[ERROR] compilation failed");
  }

  private Path write(String path, long seconds) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "x");
    Files.setLastModifiedTime(file, at(seconds));
    return file;
  }

  private static FileTime at(long seconds) {
    return FileTime.from(Instant.ofEpochSecond(1_700_000_000L + seconds));
  }
}
