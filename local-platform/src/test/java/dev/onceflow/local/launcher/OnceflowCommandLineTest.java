package dev.onceflow.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.local.internal.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's parsing and its errors, without starting anything. */
class OnceflowCommandLineTest {

  @TempDir Path root;

  private final Map<String, String> environment = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final StringWriter usage = new StringWriter();

  private CommandLine commandLine() {
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    CommandLine commandLine = Onceflow.commandLine(Workspace.of(root, environment), console);
    commandLine.setErr(new PrintWriter(usage, true));
    return commandLine;
  }

  private <T> T parsed(String command, Class<T> type, String... args) {
    CommandLine commandLine = commandLine();
    commandLine.parseArgs(args);
    return type.cast(commandLine.getSubcommands().get(command).getCommand());
  }

  @Test
  void upTakesResetNoBuildAndAnOptionalDemoRate() {
    UpCommand plain = parsed("up", UpCommand.class, "up");
    assertThat(plain.reset).isFalse();
    assertThat(plain.noBuild).isFalse();
    assertThat(plain.demoRate()).isNull();

    UpCommand all = parsed("up", UpCommand.class, "up", "--reset", "--no-build", "--demo");
    assertThat(all.reset).isTrue();
    assertThat(all.noBuild).isTrue();
    assertThat(all.demoRate()).isEqualTo(UpCommand.DEFAULT_DEMO_RATE);

    assertThat(parsed("up", UpCommand.class, "up", "--demo=50").demoRate()).isEqualTo(50.0);
    assertThat(parsed("up", UpCommand.class, "up", "--demo=2.5").demoRate()).isEqualTo(2.5);
  }

  @Test
  void aDemoRateThatIsNoRateIsAUsageError() {
    assertThat(commandLine().execute("up", "--demo=abc")).isEqualTo(2);
    assertThat(usage.toString())
        .contains("--demo=RATE expects orders per second (up to 5000), got abc")
        .contains("Usage: ./onceflow up");
    assertThat(commandLine().execute("up", "--demo=-3")).isEqualTo(2);
  }

  @Test
  void unknownOptionsAndAMissingCommandAreUsageErrors() {
    assertThat(commandLine().execute("up", "--bogus")).isEqualTo(2);
    assertThat(usage.toString()).contains("Unknown option: '--bogus'");
    assertThat(commandLine().execute()).isEqualTo(2);
    assertThat(usage.toString()).contains("a command is needed: up, demo, bench or down");
    assertThat(commandLine().execute("sideways")).isEqualTo(2);
  }

  @Test
  void demoTakesRateAndCount() {
    DemoCommand demo = parsed("demo", DemoCommand.class, "demo", "--rate", "5", "--count=10");
    assertThat(demo.rate).isEqualTo(5.0);
    assertThat(demo.count).isEqualTo(10);
    DemoCommand defaults = parsed("demo", DemoCommand.class, "demo");
    assertThat(defaults.rate).isEqualTo(20.0);
    assertThat(defaults.count).isZero();
  }

  @Test
  void demoWithoutARunningPlatformSaysHowToStartIt() {
    int port = Ports.free();
    environment.put("ONCEFLOW_PORT_ORDER_SERVICE", Integer.toString(port));
    assertThat(commandLine().execute("demo", "--count", "1")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "onceflow: order-service does not answer on port "
                + port
                + ": start the platform with ./onceflow up\n");
  }

  @Test
  void benchAndTheServerCommandsPassTheirArgumentsThrough() {
    assertThat(
            parsed("bench", BenchCommand.class, "bench", "relay", "--step-seconds", "3").arguments)
        .containsExactly("relay", "--step-seconds", "3");
    assertThat(parsed("bench", BenchCommand.class, "bench", "--help").arguments)
        .containsExactly("--help");
    CommandLine commandLine = commandLine();
    commandLine.parseArgs("kafka", "--port", "1", "--data-dir", "d");
    assertThat(((Onceflow.Kafka) commandLine.getSubcommands().get("kafka").getCommand()).arguments)
        .containsExactly("--port", "1", "--data-dir", "d");
    assertThat(commandLine.getUsageMessage()).doesNotContain("kafka").doesNotContain("postgres");
  }

  @Test
  void downWithNothingRunningSaysSo() {
    assertThat(commandLine().execute("down")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("nothing running\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void downAfterAnUncleanStopRemovesStalePidFilesWithoutAnError() throws Exception {
    Path run = Files.createDirectories(root.resolve(".onceflow/run"));
    // Processes that are gone, and one that is alive but not this platform's (pid reused).
    Files.writeString(run.resolve("launcher.pid"), "2147483646\n");
    Files.writeString(run.resolve("postgres.pid"), "2147483645\n");
    Files.writeString(run.resolve("order-service.pid"), ProcessHandle.current().pid() + "\n");

    assertThat(commandLine().execute("down")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("stopped\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    try (var files = Files.list(run)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void portsAndTheStateDirectoryComeFromTheEnvironment() {
    environment.put("ONCEFLOW_STATE_DIR", root.resolve("elsewhere").toString());
    environment.put("ONCEFLOW_PG_PORT", "25432");
    environment.put("ONCEFLOW_PORT_DASHBOARD", "9080");
    Workspace workspace = Workspace.of(root, environment);
    assertThat(workspace.state()).isEqualTo(root.resolve("elsewhere"));
    assertThat(workspace.postgresPort()).isEqualTo(25432);
    assertThat(workspace.kafkaPort()).isEqualTo(Workspace.DEFAULT_KAFKA_PORT);
    assertThat(workspace.port("dashboard")).isEqualTo(9080);
    assertThat(workspace.port("order-service")).isEqualTo(8081);

    environment.put("ONCEFLOW_KAFKA_PORT", "kafka");
    assertThatThrownBy(() -> Workspace.of(root, environment).kafkaPort())
        .isInstanceOf(LaunchFailure.class)
        .hasMessage("ONCEFLOW_KAFKA_PORT must be a port (1-65535), got kafka");
  }

  @Test
  void secretsAreGeneratedOnceKeptAndOnlyTheOwnersToRead() throws Exception {
    Workspace workspace = Workspace.of(root, environment);
    Secrets first = Secrets.ensure(workspace.secretsFile(), workspace.topology());
    Secrets again = Secrets.ensure(workspace.secretsFile(), workspace.topology());

    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(workspace.secretsFile())))
        .isEqualTo("rw-------");
    for (String variable :
        List.of(
            "ONCEFLOW_DB_PASSWORD_ORDER_SERVICE",
            "ONCEFLOW_DB_PASSWORD_ONCEFLOW_RELAY",
            "ONCEFLOW_DB_PASSWORD_INBOX_CONSUMER",
            "ONCEFLOW_DASHBOARD_ADMIN_PASSWORD",
            "ONCEFLOW_SERVICE_TOKEN")) {
      assertThat(first.get(variable)).as(variable).isNotBlank().isEqualTo(again.get(variable));
    }
    assertThat(first.password("order_service")).isNotEqualTo(first.password("inbox_consumer"));
  }
}
