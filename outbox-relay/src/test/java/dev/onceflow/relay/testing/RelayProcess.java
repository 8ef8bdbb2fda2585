package dev.onceflow.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The packaged relay ({@code target/quarkus-app/quarkus-run.jar}) running as a child process, as it
 * runs in production: it can be stopped, killed with SIGKILL, paused and resumed.
 */
public final class RelayProcess implements AutoCloseable {

  private static final Pattern ROLE = Pattern.compile("\"role\"\\s*:\\s*\"([a-z]+)\"");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * JVM options of test relays: C1 only starts a third faster on two busy cores and is fast enough
   * for test loads.
   */
  public static final List<String> TEST_JVM_OPTIONS =
      List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final Map<String, String> config;
  private final String password;
  private final Path log;
  private final List<String> jvmOptions;
  private final int httpPort;
  private Process process;

  private RelayProcess(
      Map<String, String> config, String password, Path log, List<String> jvmOptions) {
    this.config = config;
    this.password = password;
    this.log = log;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.httpPort = freePort();
  }

  /**
   * A test relay with {@code config} (system properties) and the database password in its
   * environment, logging to {@code target/relay-logs/<logName>}.
   */
  public static RelayProcess of(Map<String, String> config, String password, String logName) {
    return of(config, password, Path.of("target", "relay-logs", logName), TEST_JVM_OPTIONS);
  }

  /** A relay with the given JVM options, logging to {@code log}. */
  public static RelayProcess of(
      Map<String, String> config, String password, Path log, List<String> jvmOptions) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RelayProcess(new LinkedHashMap<>(config), password, log, jvmOptions);
  }

  /** Starts the process; its output goes to the log file, replacing an earlier run's. */
  public RelayProcess start() {
    String jar = System.getProperty("onceflow.relay.jar", "target/quarkus-app/quarkus-run.jar");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dquarkus.http.port=" + httpPort);
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ONCEFLOW_RELAY_DATABASE_PASSWORD", password);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** SIGKILL: no shutdown hook, no last offset flush, connections dropped by the kernel. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM: a graceful shutdown; waits for the exit and returns its status. */
  public int stop() {
    process.destroy();
    return awaitExit(Duration.ofSeconds(60));
  }

  /** SIGSTOP: the process freezes with its connections open, as a long GC pause would. */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT. */
  public void resume() {
    signal("CONT");
  }

  /** Waits for the process to end and returns its exit status. */
  public int awaitExit(Duration atMost) {
    Awaitility.await("relay process exit")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !process.isAlive());
    return process.exitValue();
  }

  /** Whether the process runs. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The role reported by readiness: {@code active}, {@code standby}, {@code activating}… */
  public Optional<String> role() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher matcher = ROLE.matcher(response.body());
      return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The readiness response: status code and body. */
  public HttpResponse<String> readiness() throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
            .timeout(Duration.ofSeconds(3))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The Prometheus scrape. */
  public String metrics() throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(3))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The value of a Prometheus sample whose line starts with {@code prefix}, or -1 if absent. */
  public double metric(String prefix) throws IOException, InterruptedException {
    for (String line : metrics().split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Waits until readiness reports {@code role}. */
  public RelayProcess awaitRole(String role, Duration atMost) {
    Awaitility.await("relay role " + role + " (log: " + log + ")")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .failFast("the relay exited", () -> !process.isAlive())
        .until(() -> role().filter(role::equals).isPresent());
    return this;
  }

  /** Everything the process wrote so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log file. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      resume();
      process.destroyForcibly();
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
