package dev.onceflow.local.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./onceflow bench [BENCHMARK [--option value ...]]}: builds the benchmarks and the
 * services, then runs one benchmark (its arguments passed through) or all in sequence. Figures go
 * to {@code docs/benchmarks.md} and {@code docs/benchmarks.json}. The benchmarks run from a copy of
 * their jar and libraries, so a rebuild during a long run cannot pull classes from under them.
 */
@Command(
    name = "bench",
    description =
        "benchmarks -> docs/benchmarks.md (relay, relay-replicated, relay-outage, takeover,"
            + " write-side, consumer, consumer-window, e2e, dashboard, dashboard-audit;"
            + " relay-builds on its own:"
            + " two relay builds compared, --before-jar PATH)")
final class BenchCommand implements Callable<Integer> {

  /** Every benchmark, in the order a full run takes them. */
  static final List<String> ALL =
      List.of(
          "relay",
          "relay-replicated",
          "relay-outage",
          "takeover",
          "write-side",
          "consumer",
          "consumer-window",
          "e2e",
          "dashboard",
          "dashboard-audit");

  /** The load generators the benchmarks run as processes of their own, and their Debian package. */
  static final List<List<String>> TOOLS =
      List.of(List.of("pgbench", "postgresql-client-15"), List.of("wrk", "wrk"));

  @ParentCommand Onceflow onceflow;

  @Parameters(paramLabel = "BENCHMARK [--option value ...]")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    Workspace workspace = onceflow.workspace();
    Console console = onceflow.console();
    Path jar = workspace.root().resolve("benchmarks/target/benchmarks.jar");
    if (!arguments.isEmpty() && List.of("--help", "-h").contains(arguments.get(0))) {
      console.line(
          "usage: ./onceflow bench [BENCHMARK [--option value ...]]   (no BENCHMARK: all, in"
              + " sequence)");
      if (Files.isRegularFile(jar)) {
        return java(workspace, jar, List.of("--help"));
      }
      console.line(
          "benchmarks: "
              + String.join(", ", ALL)
              + ", relay-builds (not in the full run: it compares two relay builds), report; their options: ./onceflow bench --help after a build");
      return 0;
    }
    if (arguments.isEmpty() || !arguments.get(0).equals("report")) {
      requireTools();
    }
    Build build = new Build(workspace, console);
    List<String> modules = new ArrayList<>(List.of("benchmarks"));
    modules.addAll(build.serviceModules());
    build.run(
        List.of(
            "mvn", "-B", "-q", "-pl", String.join(",", modules), "-am", "-DskipTests", "package"),
        "the build failed");
    Path copy = Files.createTempDirectory("onceflow-bench-");
    try {
      copyTree(jar.getParent().resolve("lib"), copy.resolve("lib"));
      Files.copy(jar, copy.resolve(jar.getFileName()));
      if (!arguments.isEmpty()) {
        return java(workspace, copy.resolve(jar.getFileName()), arguments);
      }
      for (String benchmark : ALL) {
        int status = java(workspace, copy.resolve(jar.getFileName()), List.of(benchmark));
        if (status != 0) {
          return status;
        }
      }
      return 0;
    } finally {
      deleteTree(copy);
    }
  }

  private static void requireTools() {
    List<String> missing = new ArrayList<>();
    for (List<String> tool : TOOLS) {
      if (!onPath(tool.get(0))) {
        missing.add(tool.get(1));
      }
    }
    if (!missing.isEmpty()) {
      throw new LaunchFailure(
          "the benchmarks need pgbench and wrk: sudo apt-get install -y "
              + String.join(" ", missing));
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String directory : path.split(":")) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
        return true;
      }
    }
    return false;
  }

  private static int java(Workspace workspace, Path jar, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(arguments);
    return new ProcessBuilder(command)
        .directory(workspace.root().toFile())
        .inheritIO()
        .start()
        .waitFor();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
      }
    }
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
