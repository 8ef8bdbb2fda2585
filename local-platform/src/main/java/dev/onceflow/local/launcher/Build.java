package dev.onceflow.local.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Packages what is stale with Maven ({@code mvn -q -DskipTests package -pl ... -am}): a service's
 * {@code quarkus-run.jar} is stale when it is missing or older than a pom or a source file of its
 * module or of the libraries every service is built on (tests aside).
 */
final class Build {

  /** The modules every service is built on: a change there rebuilds every service. */
  static final List<String> LIBRARIES =
      List.of("platform-contract", "platform-tracing", "platform-core");

  private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

  private final Workspace workspace;
  private final Console console;

  Build(Workspace workspace, Console console) {
    this.workspace = workspace;
    this.console = console;
  }

  /** The service modules that exist in this checkout (a service without one is skipped). */
  List<String> serviceModules() {
    return workspace.topology().modules().stream()
        .filter(module -> Files.isRegularFile(workspace.root().resolve(module).resolve("pom.xml")))
        .toList();
  }

  /** Builds the service modules if one of their run jars is stale. */
  void servicesIfStale() {
    List<Path> stale = new ArrayList<>();
    for (String module : serviceModules()) {
      Path jar = runJar(module);
      List<String> inputs = new ArrayList<>(LIBRARIES);
      inputs.add(module);
      if (stale(jar, inputs)) {
        stale.add(jar);
      }
    }
    if (!stale.isEmpty()) {
      package_(String.join(",", serviceModules()));
      // Maven leaves an artifact whose contents did not change as it was: it is up to date now.
      FileTime now = FileTime.fromMillis(System.currentTimeMillis());
      for (Path jar : stale) {
        try {
          Files.setLastModifiedTime(jar, now);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** {@code mvn -q -DskipTests package -pl modules -am}, its output on this terminal. */
  void package_(String modules) {
    console.line("building: mvn -q -DskipTests package -pl " + modules + " -am");
    run(
        List.of("mvn", "-B", "-q", "-DskipTests", "package", "-pl", modules, "-am"),
        "the build failed; fix it or run with --no-build");
  }

  /**
   * Runs Maven in the checkout, its output passed on without escape codes (Maven 3.8 prints colour
   * resets even in batch mode); fails with {@code failure} if Maven does.
   */
  void run(List<String> command, String failure) {
    try {
      Process maven =
          new ProcessBuilder(command)
              .directory(workspace.root().toFile())
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (BufferedReader lines = maven.inputReader()) {
        String line;
        while ((line = lines.readLine()) != null) {
          String plain = plain(line);
          if (!plain.isEmpty() || line.isEmpty()) {
            console.line(plain);
          }
        }
      }
      if (maven.waitFor() != 0) {
        throw new LaunchFailure(failure);
      }
    } catch (IOException e) {
      throw new LaunchFailure("cannot run mvn: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchFailure("interrupted while building");
    }
  }

  /** {@code text} without ANSI escape sequences. */
  static String plain(String text) {
    return ESCAPE.matcher(text).replaceAll("");
  }

  private Path runJar(String module) {
    return workspace.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /** Whether {@code artifact} is missing or older than the root pom or a module's pom or source. */
  boolean stale(Path artifact, List<String> modules) {
    if (!Files.isRegularFile(artifact)) {
      return true;
    }
    try {
      FileTime built = Files.getLastModifiedTime(artifact);
      List<Path> inputs = new ArrayList<>();
      inputs.add(workspace.root().resolve("pom.xml"));
      for (String module : modules) {
        inputs.add(workspace.root().resolve(module).resolve("pom.xml"));
        // Tests do not go into the artifact.
        inputs.add(workspace.root().resolve(module).resolve("src").resolve("main"));
      }
      for (Path input : inputs) {
        if (!Files.exists(input)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(input)) {
          if (files.filter(Files::isRegularFile).anyMatch(file -> newer(file, built))) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean newer(Path file, FileTime than) {
    try {
      return Files.getLastModifiedTime(file).compareTo(than) > 0;
    } catch (IOException e) {
      return false;
    }
  }
}
