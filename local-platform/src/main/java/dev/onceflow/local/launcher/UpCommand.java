package dev.onceflow.local.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./onceflow up}: builds what is stale, starts PostgreSQL, Kafka and every service of the
 * topology, prints their URLs and {@code READY}, and stops everything on Ctrl-C, a closed terminal,
 * SIGTERM or {@code ./onceflow down}.
 */
@Command(name = "up", description = "start everything, print the URLs, stop on Ctrl-C")
final class UpCommand implements Callable<Integer> {

  static final String POSTGRES = "postgres";
  static final String KAFKA = "kafka";
  static final String DEMO = "demo";
  static final double DEFAULT_DEMO_RATE = 20;

  @ParentCommand Onceflow onceflow;

  @Spec CommandSpec spec;

  @Option(
      names = "--reset",
      description = "start on empty data (data/ and secrets.env of the state directory wiped)")
  boolean reset;

  @Option(names = "--no-build", description = "run what is built, even if stale")
  boolean noBuild;

  @Option(
      names = "--demo",
      arity = "0..1",
      fallbackValue = "20",
      paramLabel = "RATE",
      description = "also run a demo load of RATE orders/s (default 20)")
  String demo;

  @Override
  public Integer call() throws IOException {
    Double demoRate = demoRate();
    Workspace workspace = onceflow.workspace();
    Console console = onceflow.console();
    PidFiles pids = new PidFiles(workspace);
    Files.createDirectories(workspace.run());
    var running = pids.live(PidFiles.LAUNCHER);
    if (running.isPresent()) {
      throw new LaunchFailure(
          "already running (pid " + running.get().pid() + "); stop it with ./onceflow down");
    }
    pids.stopLeftovers(console);
    if (reset) {
      console.line("wiping " + workspace.shown(workspace.data()));
      deleteTree(workspace.data());
      Files.deleteIfExists(workspace.secretsFile());
    }
    if (!noBuild) {
      new Build(workspace, console).servicesIfStale();
    }
    Files.createDirectories(workspace.data().resolve(POSTGRES));
    Files.createDirectories(workspace.data().resolve(KAFKA));
    Files.createDirectories(workspace.logs());
    Secrets secrets = Secrets.ensure(workspace.secretsFile(), workspace.topology());
    return new RunningPlatform(workspace, console, secrets, pids).run(demoRate);
  }

  /** The demo load's rate, or null without {@code --demo}. */
  Double demoRate() {
    if (demo == null) {
      return null;
    }
    try {
      double rate = Double.parseDouble(demo);
      if (rate > 0 && rate <= 5_000 && demo.matches("[0-9]+([.][0-9]+)?")) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ParameterException(
        spec.commandLine(), "--demo=RATE expects orders per second (up to 5000), got " + demo);
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
