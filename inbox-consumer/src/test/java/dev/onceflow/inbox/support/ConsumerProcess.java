package dev.onceflow.inbox.support;

import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.testkit.PrometheusExposition;
import java.io.IOException;
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

/**
 * The packaged inbox-consumer ({@code target/quarkus-app/quarkus-run.jar}) running as a child
 * process, as it runs in production (prod profile, endpoints from the environment), so that a test
 * can kill it with SIGKILL.
 */
public final class ConsumerProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final String serviceToken;
  private final HttpClient http = HttpClient.newHttpClient();

  private ConsumerProcess(String name, Process process, int port, Path log, String serviceToken) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
    this.serviceToken = serviceToken;
  }

  /** The packaged application's jar, built by {@code mvn package} before failsafe runs. */
  public static Path jar() {
    Path jar =
        Path.of(System.getProperty("inbox.consumer.jar", "target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the ITs after `mvn package`");
    }
    return jar;
  }

  /** Starts the consumer and returns at once; {@link #awaitReady} waits for it. */
  public static ConsumerProcess start(
      String name, Map<String, String> environment, Map<String, String> systemProperties) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // Tests want a fast start; a benchmark (jit=full) wants the optimizing compiler.
    if (!"full".equals(systemProperties.get("jit"))) {
      command.add("-XX:TieredStopAtLevel=1");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("quarkus.http.port", Integer.toString(port));
    properties.putAll(systemProperties);
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    try {
      Path logs = Files.createDirectories(Path.of("target", "it-logs"));
      Path log = logs.resolve(name + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      // The token comes from the test's environment only, never from the JVM running the tests.
      builder.environment().remove(ServiceToken.ENVIRONMENT_VARIABLE);
      builder.environment().putAll(environment);
      return new ConsumerProcess(
          name, builder.start(), port, log, environment.get(ServiceToken.ENVIRONMENT_VARIABLE));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
  }

  /**
   * Waits until the consumer answers its liveness endpoint. Three minutes: on two cores shared with
   * other builds and benchmarks (load average 40-50) a start took 80-105 s.
   */
  public ConsumerProcess awaitReady() {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited:\n" + output());
              }
              try {
                return get("/q/health/live").statusCode() == 200;
              } catch (IOException e) {
                return false;
              }
            });
    return this;
  }

  /** The value of a counter or gauge on {@code /q/metrics}, summed over its series. */
  public double metric(String prometheusName) {
    try {
      return PrometheusExposition.parse(get("/q/metrics").body()).sum(prometheusName);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs to the consumer and returns the response body. */
  public String post(String path) throws IOException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(30))
                  .header(ServiceToken.HEADER, ServiceToken.authorization(serviceToken))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Kills the process with SIGKILL: no shutdown hook, no offset commit, nothing flushed. */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int awaitExit(Duration timeout) {
    await().atMost(timeout).until(() -> !process.isAlive());
    return process.exitValue();
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    waitForExit();
  }

  private void waitForExit() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** GETs {@code path} from the consumer (5 s timeout). */
  public HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
