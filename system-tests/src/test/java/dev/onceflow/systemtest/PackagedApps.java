package dev.onceflow.systemtest;

import static org.awaitility.Awaitility.await;

import dev.onceflow.local.PlatformService;
import dev.onceflow.local.internal.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged applications, copied once per test JVM into {@code target/system-tests/apps/}, and
 * run from there.
 *
 * <p>A Quarkus application reopens its library jars lazily after start-up. Run straight from a
 * module's {@code target/quarkus-app}, it hangs for good on its next class load if that directory
 * is rebuilt meanwhile (another build on the same checkout): the jar it reopens is gone or half
 * written, and the runner class loader's pending open never completes. A snapshot per run is
 * immune, and the copy is checked: it is taken again until no source file changed during it.
 */
final class PackagedApps {

  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Map<String, Path> SNAPSHOTS = new HashMap<>();

  private PackagedApps() {}

  /** The run jar of {@code service}'s module, copied once per module. */
  static Path service(PlatformService service) {
    return quarkusApp(service.module(), SystemTestPaths.serviceJar(service));
  }

  /** The local-platform launcher jar, with the {@code lib/} its manifest's Class-Path names. */
  static synchronized Path launcher() {
    Path jar = SystemTestPaths.launcherJar();
    return SNAPSHOTS.computeIfAbsent(
        "local-platform",
        name -> {
          Path target = SystemTestPaths.workDirectory().resolve("apps").resolve(name);
          snapshot(List.of(jar, jar.resolveSibling("lib")), target);
          return target.resolve(jar.getFileName());
        });
  }

  /** {@code runJar}'s directory ({@code quarkus-app}) copied; the copy's run jar. */
  private static synchronized Path quarkusApp(String name, Path runJar) {
    return SNAPSHOTS.computeIfAbsent(
        name,
        key -> {
          Path target = SystemTestPaths.workDirectory().resolve("apps").resolve(key);
          snapshot(List.of(runJar.getParent()), target);
          return target.resolve(runJar.getParent().getFileName()).resolve(runJar.getFileName());
        });
  }

  /** Copies {@code sources} into {@code target} until a copy saw no source change. */
  private static void snapshot(List<Path> sources, Path target) {
    await("a stable copy of " + sources)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> copyUnchanged(sources, target));
  }

  private static boolean copyUnchanged(List<Path> sources, Path target) throws IOException {
    String before = fingerprint(sources);
    if (newest(sources).toMillis() > System.currentTimeMillis() - QUIET.toMillis()) {
      return false; // written a moment ago: a build may still be writing
    }
    Directories.deleteRecursively(target);
    for (Path source : sources) {
      copyTree(source, target.resolve(source.getFileName()));
    }
    return before.equals(fingerprint(sources));
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.createDirectories(copy.getParent());
          Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** Names, sizes and modification times of every file. */
  private static String fingerprint(List<Path> sources) throws IOException {
    StringBuilder fingerprint = new StringBuilder();
    for (Path source : sources) {
      try (Stream<Path> files = Files.walk(source)) {
        files
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(
                file -> {
                  try {
                    fingerprint
                        .append(file)
                        .append(':')
                        .append(Files.size(file))
                        .append(':')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append('\n');
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
    return fingerprint.toString();
  }

  private static FileTime newest(List<Path> sources) throws IOException {
    FileTime newest = FileTime.fromMillis(0);
    for (Path source : sources) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          FileTime modified = Files.getLastModifiedTime(file);
          if (modified.compareTo(newest) > 0) {
            newest = modified;
          }
        }
      }
    }
    return newest;
  }
}
