package dev.onceflow.benchmarks.polling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link PollingRelay} in a JVM of its own, as the CDC relay runs in the benchmark: started with
 * the same JVM options, paused with SIGSTOP while a backlog is written, resumed with SIGCONT,
 * stopped with SIGTERM.
 */
public final class PollingRelayProcess implements AutoCloseable {

  private final List<String> command;
  private final String password;
  private final Path log;
  private Process process;

  private PollingRelayProcess(List<String> command, String password, Path log) {
    this.command = command;
    this.password = password;
    this.log = log;
  }

  /**
   * A polling relay on this JVM's class path.
   *
   * @param settings its settings; the password goes to its environment, never to its command line
   * @param jvmOptions e.g. {@code -Xmx1g}
   * @param log where its output goes
   */
  public static PollingRelayProcess of(
      PollingRelay.Settings settings, List<String> jvmOptions, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(PollingRelay.class.getName());
    command.addAll(
        List.of(
            "--jdbc-url",
            settings.jdbcUrl(),
            "--user",
            settings.user(),
            "--bootstrap-servers",
            settings.bootstrapServers(),
            "--topic-prefix",
            settings.topicPrefix(),
            "--batch-size",
            Integer.toString(settings.batchSize()),
            "--poll-interval-ms",
            Long.toString(settings.pollInterval().toMillis())));
    return new PollingRelayProcess(command, settings.password(), log);
  }

  /** Starts the process and waits until it polls. */
  public PollingRelayProcess start(Duration patience) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put(PollingRelay.PASSWORD_VARIABLE, password);
      builder.redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + patience.toNanos();
    while (!output().contains(PollingRelay.READY)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the polling relay did not start; see " + log);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    return this;
  }

  /** SIGSTOP. */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT. */
  public void resume() {
    signal("CONT");
  }

  /** SIGTERM, then waits for the process to finish its batch and exit. */
  public void stop() {
    resume();
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the polling relay did not stop; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
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

  private String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /** The benchmark's own class path, absolute: its jar's manifest names the libraries. */
  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      entries.add(Path.of(entry).toAbsolutePath().toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }
}
