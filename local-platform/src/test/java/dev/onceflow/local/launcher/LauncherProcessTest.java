package dev.onceflow.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.PlatformTopology;
import dev.onceflow.local.internal.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a process, in a checkout without built services: {@code up} starts PostgreSQL and
 * Kafka and prints READY; a closed terminal (SIGHUP) stops everything in order with status 0; a
 * killed launcher's processes are stopped by {@code down}, which prints no error. ({@code
 * OneCommandDashboardIT} in dashboard runs the whole platform with Ctrl-C.)
 */
class LauncherProcessTest {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path root;

  private final List<Process> children = new ArrayList<>();
  private int postgresPort;
  private int kafkaPort;

  @BeforeEach
  void checkoutWithoutServices() throws IOException {
    Path topics = root.resolve(PlatformTopology.TOPIC_LIST);
    Files.createDirectories(topics.getParent());
    Files.copy(Path.of("..").resolve(PlatformTopology.TOPIC_LIST), topics);
    postgresPort = Ports.free();
    kafkaPort = Ports.free();
  }

  @AfterEach
  void killLeftovers() {
    children.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    children.forEach(Process::destroyForcibly);
  }

  @Test
  void upStartsTheServersAndAClosedTerminalStopsEverythingInOrder() throws Exception {
    Launched up = launch("up", "--no-build");
    String ready = up.awaitLine("READY");

    assertThat(ready)
        .contains("starting postgres and kafka...")
        .contains("  order-service is not built: skipped (run without --no-build)")
        .contains("starting 0 services...")
        .contains("postgres: postgresql://127.0.0.1:" + postgresPort)
        .doesNotContain("\u001b");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state("secrets.env"))))
        .isEqualTo("rw-------");
    long postmaster = postmaster();
    List<ProcessHandle> servers = List.of(pid("postgres"), pid("kafka"));
    // A second launcher on the same state refuses to start.
    Launched second = launch("up", "--no-build");
    assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process.exitValue()).isEqualTo(1);
    assertThat(second.errors.get(10, TimeUnit.SECONDS))
        .isEqualTo(
            "onceflow: already running (pid "
                + up.process.pid()
                + "); stop it with ./onceflow down\n");

    signal("HUP", up.process.pid());

    assertThat(up.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(up.process.exitValue()).isZero();
    assertThat(up.output.get(10, TimeUnit.SECONDS)).endsWith("stopping...\nstopped\n");
    assertThat(servers).noneMatch(ProcessHandle::isAlive);
    assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(runDirectory()).isEmpty();
  }

  @Test
  void downStopsWhatAKilledLauncherLeftWithoutAnError() throws Exception {
    Launched up = launch("up", "--no-build");
    up.awaitLine("READY");
    long postmaster = postmaster();
    ProcessHandle postgres = pid("postgres");
    ProcessHandle kafka = pid("kafka");

    up.process.destroyForcibly().waitFor();
    assertThat(postgres.isAlive()).as("the children outlive a killed launcher").isTrue();

    Launched down = launch("down");
    assertThat(down.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(down.process.exitValue()).isZero();
    assertThat(down.output.get(10, TimeUnit.SECONDS))
        .isEqualTo(
            "stopping kafka (pid "
                + kafka.pid()
                + ") left over from an earlier run\n"
                + "stopping postgres (pid "
                + postgres.pid()
                + ") left over from an earlier run\n"
                + "stopped\n");
    assertThat(down.errors.get(10, TimeUnit.SECONDS)).isEmpty();
    await().atMost(PATIENCE).until(() -> !postgres.isAlive() && !kafka.isAlive());
    await()
        .atMost(PATIENCE)
        .until(() -> ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive).isEmpty());

    Launched again = launch("down");
    assertThat(again.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(again.output.get(10, TimeUnit.SECONDS)).isEqualTo("nothing running\n");
    assertThat(again.errors.get(10, TimeUnit.SECONDS)).isEmpty();
  }

  private Launched launch(String... args) throws IOException {
    // A closed terminal sends SIGHUP to a launcher whose SIGHUP has its default action. A test JVM
    // started under nohup passes SIGHUP on ignored, and a JVM never handles a shutdown signal that
    // was ignored when it started: restore the default, as the dashboard's Launcher does for
    // SIGINT.
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=HUP"));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Donceflow.root=" + root);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Onceflow.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("ONCEFLOW_"));
    environment.put("ONCEFLOW_STATE_DIR", root.resolve("state").toString());
    environment.put("ONCEFLOW_PG_PORT", Integer.toString(postgresPort));
    environment.put("ONCEFLOW_KAFKA_PORT", Integer.toString(kafkaPort));
    Process process = builder.start();
    children.add(process);
    return new Launched(process);
  }

  private Path state(String name) {
    return root.resolve("state").resolve(name);
  }

  private ProcessHandle pid(String name) throws IOException {
    long pid = Long.parseLong(Files.readString(state("run").resolve(name + ".pid")).strip());
    return ProcessHandle.of(pid).orElseThrow();
  }

  private long postmaster() {
    return LocalPostgres.builder()
        .dataDirectory(state("data").resolve("postgres"))
        .port(postgresPort)
        .build()
        .postmasterPid()
        .orElseThrow();
  }

  private List<Path> runDirectory() throws IOException {
    try (Stream<Path> files = Files.list(state("run"))) {
      return files.toList();
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor())
        .isZero();
  }

  /** A launcher process, its standard output and error collected on other threads. */
  private static final class Launched {
    final Process process;
    final CompletableFuture<String> output;
    final CompletableFuture<String> errors;
    private final StringBuffer seen = new StringBuffer();

    Launched(Process process) {
      this.process = process;
      this.output =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  byte[] buffer = new byte[4096];
                  int read;
                  while ((read = process.getInputStream().read(buffer)) >= 0) {
                    seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                  }
                  return seen.toString();
                } catch (IOException e) {
                  return seen + "(" + e + ")";
                }
              });
      this.errors =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(
                      process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  return e.toString();
                }
              });
    }

    /** Waits until a whole line {@code line} was printed; the output so far. */
    String awaitLine(String line) {
      await("the launcher prints " + line)
          .atMost(PATIENCE)
          .until(() -> seen.toString().lines().anyMatch(line::equals) || !process.isAlive());
      assertThat(seen.toString().lines()).as(seen.toString()).contains(line);
      return seen.toString();
    }
  }
}
