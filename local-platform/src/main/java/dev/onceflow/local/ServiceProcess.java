package dev.onceflow.local;

import dev.onceflow.local.internal.ExitReaper;
import dev.onceflow.local.internal.Incarnation;
import dev.onceflow.local.internal.Launch;
import dev.onceflow.local.internal.ServiceLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * A Java program, typically a packaged Quarkus service ({@code
 * target/quarkus-app/quarkus-run.jar}), run as a child OS process as it runs in production, so that
 * a test or a benchmark can kill it with SIGKILL, stop it with SIGTERM, freeze it and start it
 * again on the same port.
 *
 * <p>Readiness is either an HTTP endpoint ({@code /q/health/ready} by default, on the port given to
 * the process as {@code QUARKUS_HTTP_PORT}) or a line the program prints (e.g. {@link
 * LocalPlatformMain#READY}). Output goes to a log file, appended across restarts with a header line
 * per start. Every process still alive when the JVM exits is killed by a shutdown hook.
 *
 * <pre>{@code
 * try (ServiceProcess relay =
 *     ServiceProcess.builder("outbox-relay")
 *         .jar(Path.of("outbox-relay/target/quarkus-app/quarkus-run.jar"))
 *         .environment("ONCEFLOW_RELAY_DATABASE_PASSWORD", password)
 *         .logFile(Path.of("target/logs/outbox-relay.log"))
 *         .build()) {
 *   relay.start().awaitReady(Duration.ofSeconds(90));
 *   relay.kill();                                   // SIGKILL
 *   relay.start().awaitReady(Duration.ofSeconds(90)); // same port, same configuration
 * }
 * }</pre>
 */
public final class ServiceProcess implements AutoCloseable {

  /** The environment variable that carries the HTTP port to a Quarkus application. */
  public static final String HTTP_PORT_VARIABLE = "QUARKUS_HTTP_PORT";

  /** The readiness endpoint of a Quarkus application with SmallRye Health. */
  public static final String QUARKUS_READINESS = "/q/health/ready";

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Launch launch;
  private final ServiceLog log;
  private final int httpPort;
  private final String readinessPath;
  private final String readyLine;
  private final HttpClient http;
  private final boolean detached;

  private volatile Incarnation incarnation;
  private int starts;
  private boolean paused;

  ServiceProcess(ServiceProcessBuilder builder, int httpPort, Launch launch) {
    this.name = builder.name;
    this.launch = launch;
    this.log = new ServiceLog(builder.logFile);
    this.httpPort = httpPort;
    this.readinessPath = builder.readinessPath;
    this.readyLine = builder.readyLine;
    this.detached = builder.detached;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** A builder for a process called {@code name} (used in logs and error messages). */
  public static ServiceProcessBuilder builder(String name) {
    return new ServiceProcessBuilder(name);
  }

  /**
   * Starts the process (again, after it ended) and returns at once; its output is appended to the
   * log file after a header line. Use {@link #awaitReady} to wait for it.
   *
   * @return this process, for chaining
   * @throws IllegalStateException if it is running
   */
  public synchronized ServiceProcess start() {
    if (incarnation != null && incarnation.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + incarnation.pid() + ")");
    }
    starts++;
    paused = false;
    try {
      log.beginStart(name, starts);
      incarnation = Incarnation.start(name, launch, log.file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    if (!detached) {
      ExitReaper.watch(this, this::destroyOnExit);
    }
    return this;
  }

  /**
   * Waits until the process is ready (its readiness endpoint answers 200, or it printed its ready
   * line since the last start).
   *
   * @return this process, for chaining
   * @throws IllegalStateException if it exits or is not ready within {@code timeout}, with the end
   *     of its log
   */
  public ServiceProcess awaitReady(Duration timeout) {
    awaitWhileAlive(this::isReady, timeout, "ready");
    return this;
  }

  /**
   * Waits until {@code condition} holds, polling every 200 ms, failing at once if the process
   * exits.
   *
   * @param what what is awaited, for the error message
   */
  public void awaitWhileAlive(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      Incarnation current = incarnation;
      if (current == null) {
        throw new IllegalStateException(name + " is not started");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " not " + what + " after " + timeout + "; end of " + endOfLog());
      }
      // Waiting on the exit is the pause between two polls, and notices a crash at once.
      if (current.exitsWithin(POLL_INTERVAL)) {
        throw new IllegalStateException(
            String.format(
                "%s exited with status %d before it was %s; end of %s",
                name, current.exitCode().getAsInt(), what, endOfLog()));
      }
    }
  }

  /** One readiness probe: whether the process runs and reports ready now. */
  public boolean isReady() {
    if (!isAlive()) {
      return false;
    }
    if (readyLine != null) {
      return log.sinceStart().lines().anyMatch(readyLine::equals);
    }
    try {
      return get(readinessPath).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * SIGKILL: no shutdown hook runs, nothing is flushed, the kernel drops the connections. Waits for
   * the exit.
   *
   * @return the exit status (137 on Linux), or empty if it was not running
   */
  public synchronized OptionalInt kill() {
    if (incarnation == null) {
      return OptionalInt.empty();
    }
    incarnation.destroyForcibly();
    return OptionalInt.of(awaitExit());
  }

  /**
   * SIGTERM, a graceful shutdown; SIGKILL if the process has not exited after {@code timeout}.
   *
   * @return the exit status, or empty if it was not running
   */
  public synchronized OptionalInt stop(Duration timeout) {
    if (incarnation == null) {
      return OptionalInt.empty();
    }
    if (incarnation.isAlive() && paused) {
      incarnation.signal("CONT");
    }
    incarnation.terminate(timeout);
    return OptionalInt.of(awaitExit());
  }

  /** {@link #kill()} then {@link #start()}: same command, port, environment and log. */
  public synchronized ServiceProcess killAndRestart() {
    kill();
    return start();
  }

  /** SIGSTOP: the process freezes with its connections open, as in a long GC pause. */
  public synchronized void pause() {
    running().signal("STOP");
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  public synchronized void resume() {
    running().signal("CONT");
    paused = false;
  }

  /** Whether the process is running (paused counts as running). */
  public boolean isAlive() {
    Incarnation current = incarnation;
    return current != null && current.isAlive();
  }

  /** The exit status of the last incarnation, if it has ended. */
  public OptionalInt exitCode() {
    Incarnation current = incarnation;
    return current == null ? OptionalInt.empty() : current.exitCode();
  }

  /** The process id of the current incarnation. */
  public long pid() {
    Incarnation current = incarnation;
    if (current == null) {
      throw new IllegalStateException(name + " was never started");
    }
    return current.pid();
  }

  /** How many times {@link #start()} was called. */
  public synchronized int starts() {
    return starts;
  }

  /** The name given to the builder. */
  public String name() {
    return name;
  }

  /** The HTTP port (kept across restarts), or 0 for a process without HTTP. */
  public int httpPort() {
    return httpPort;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    if (httpPort == 0) {
      throw new IllegalStateException(name + " has no HTTP port");
    }
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  /** A GET on {@code path} with a 5 s timeout. */
  public HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * The threads of the running process ({@code jcmd <pid> Thread.print}), to see where a process
   * that stopped making progress is stuck; a note instead if it is not running or jcmd fails.
   */
  public String threadDump() {
    Incarnation current = incarnation;
    return current == null ? "(" + name + " is not running)" : current.threadDump();
  }

  /** The log file, shared by all incarnations. */
  public Path logFile() {
    return log.file();
  }

  /** The last {@code lines} lines of the log. */
  public String logTail(int lines) {
    return log.tail(lines);
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    kill();
    ExitReaper.forget(this);
  }

  @Override
  public String toString() {
    Incarnation current = incarnation;
    return name + (current != null && current.isAlive() ? " (pid " + current.pid() + ")" : "");
  }

  private String endOfLog() {
    return log.file() + ":\n" + log.tail(40);
  }

  private int awaitExit() {
    int status = incarnation.awaitExit(EXIT_TIMEOUT);
    ExitReaper.forget(this);
    return status;
  }

  private Incarnation running() {
    Incarnation current = incarnation;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    return current;
  }

  /** From the shutdown hook: SIGKILL, no waiting. */
  private void destroyOnExit() {
    Incarnation current = incarnation;
    if (current != null) {
      current.destroyForcibly();
    }
  }
}
