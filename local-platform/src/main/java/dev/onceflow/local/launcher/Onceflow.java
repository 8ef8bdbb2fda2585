package dev.onceflow.local.launcher;

import dev.onceflow.local.LocalPlatformMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./onceflow}: runs Onceflow on this machine without Docker, a real PostgreSQL, a real Kafka
 * broker and every service of {@link dev.onceflow.local.PlatformTopology}, each its own process.
 * The bash script {@code onceflow} only builds this jar when it is stale and runs it.
 */
@Command(
    name = "./onceflow",
    usageHelpAutoWidth = true,
    description = "Runs Onceflow on this machine: PostgreSQL, Kafka and the services.",
    footer = {
      "",
      "Ports: ONCEFLOW_PG_PORT (15432), ONCEFLOW_KAFKA_PORT (19092), ONCEFLOW_PORT_<SERVICE> (e.g."
          + " ONCEFLOW_PORT_DASHBOARD=9080). State (data, logs, secrets): ONCEFLOW_STATE_DIR"
          + " (.onceflow). The services are those of dev.onceflow.local.PlatformTopology."
    },
    subcommands = {
      UpCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      DownCommand.class,
      Onceflow.Postgres.class,
      Onceflow.Kafka.class
    })
public final class Onceflow implements Runnable {

  private final Workspace workspace;
  private final Console console;

  @Spec CommandSpec spec;

  Onceflow(Workspace workspace, Console console) {
    this.workspace = workspace;
    this.console = console;
  }

  /** Entry point of {@code local-platform-launcher.jar}. */
  public static void main(String[] args) {
    System.exit(commandLine(Workspace.fromEnvironment(), Console.system()).execute(args));
  }

  /**
   * The command line over {@code workspace}; a {@link LaunchFailure} prints its message, exit 1.
   */
  static CommandLine commandLine(Workspace workspace, Console console) {
    CommandLine commandLine = new CommandLine(new Onceflow(workspace, console));
    // Their arguments are another program's: passed through as they are.
    for (String passThrough : List.of("bench", "postgres", "kafka")) {
      commandLine.getSubcommands().get(passThrough).setUnmatchedOptionsArePositionalParams(true);
    }
    return commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          if (exception instanceof LaunchFailure) {
            console.error(exception.getMessage());
            return 1;
          }
          throw exception;
        });
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is needed: up, demo, bench or down");
  }

  Workspace workspace() {
    return workspace;
  }

  Console console() {
    return console;
  }

  /** {@link LocalPlatformMain}'s {@code postgres} command, for scripts that run the jar with it. */
  @Command(name = "postgres", hidden = true)
  static final class Postgres extends Server {
    Postgres() {
      super("postgres");
    }
  }

  /** {@link LocalPlatformMain}'s {@code kafka} command (the system tests run the broker so). */
  @Command(name = "kafka", hidden = true)
  static final class Kafka extends Server {
    Kafka() {
      super("kafka");
    }
  }

  private abstract static class Server implements Callable<Integer> {
    private final String name;

    @Parameters List<String> arguments = new ArrayList<>();

    Server(String name) {
      this.name = name;
    }

    @Override
    public Integer call() throws InterruptedException {
      List<String> all = new ArrayList<>();
      all.add(name);
      all.addAll(arguments);
      LocalPlatformMain.main(all.toArray(String[]::new));
      return 0;
    }
  }
}
