package dev.onceflow.local;

import dev.onceflow.local.internal.Ports;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Set<ServiceProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(ServiceProcess::destroyOnExit),
                "onceflow-service-process-reaper"));
  }

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path logFile;
  private final Path workingDirectory;
  private final int httpPort;
  private final String readinessPath;
  private final String readyLine;
  private final HttpClient http;
  private final boolean detached;

  private volatile Process process;
  private long logOffsetAtStart;
  private int starts;
  private boolean paused;

  private ServiceProcess(Builder builder) {
    this.name = builder.name;
    this.httpPort = builder.http ? Ports.orFree(builder.httpPort) : 0;
    this.readinessPath = builder.readinessPath;
    this.readyLine = builder.readyLine;
    this.environment = new LinkedHashMap<>(builder.environment);
    if (builder.http) {
      environment.put(HTTP_PORT_VARIABLE, Integer.toString(httpPort));
    }
    this.logFile = builder.logFile.toAbsolutePath();
    this.workingDirectory = builder.workingDirectory;
    this.detached = builder.detached;
    this.command = command(builder);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** A builder for a process called {@code name} (used in logs and error messages). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Starts the process (again, after it ended) and returns at once; its output is appended to the
   * log file after a header line. Use {@link #awaitReady} to wait for it.
   *
   * @return this process, for chaining
   * @throws IllegalStateException if it is running
   */
  public synchronized ServiceProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    starts++;
    paused = false;
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          String.format(
              "%n==== %s: start #%d at %s ====%n", name, starts, Instant.now().toString()),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      logOffsetAtStart = Files.size(logFile);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      if (workingDirectory != null) {
        Files.createDirectories(workingDirectory);
        builder.directory(workingDirectory.toFile());
      }
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    if (!detached) {
      RUNNING.add(this);
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
      Process current = current();
      if (current == null) {
        throw new IllegalStateException(name + " is not started");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name
                + " not "
                + what
                + " after "
                + timeout
                + "; end of "
                + logFile
                + ":\n"
                + logTail(40));
      }
      try {
        // Waiting on the exit is the pause between two polls, and notices a crash at once.
        current.onExit().get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        throw new IllegalStateException(
            name
                + " exited with status "
                + current.exitValue()
                + " before it was "
                + what
                + "; end of "
                + logFile
                + ":\n"
                + logTail(40));
      } catch (TimeoutException e) {
        // still running: poll again
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + name, e);
      }
    }
  }

  /** One readiness probe: whether the process runs and reports ready now. */
  public boolean isReady() {
    if (!isAlive()) {
      return false;
    }
    if (readyLine != null) {
      return outputSinceStart().lines().anyMatch(readyLine::equals);
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
    if (process == null) {
      return OptionalInt.empty();
    }
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    return OptionalInt.of(awaitExit(EXIT_TIMEOUT));
  }

  /**
   * SIGTERM, a graceful shutdown; SIGKILL if the process has not exited after {@code timeout}.
   *
   * @return the exit status, or empty if it was not running
   */
  public synchronized OptionalInt stop(Duration timeout) {
    if (process == null) {
      return OptionalInt.empty();
    }
    if (process.isAlive()) {
      if (paused) {
        signal("CONT");
      }
      process.destroy();
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    return OptionalInt.of(awaitExit(EXIT_TIMEOUT));
  }

  /** {@link #kill()} then {@link #start()}: same command, port, environment and log. */
  public synchronized ServiceProcess killAndRestart() {
    kill();
    return start();
  }

  /** SIGSTOP: the process freezes with its connections open, as in a long GC pause. */
  public synchronized void pause() {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  public synchronized void resume() {
    signal("CONT");
    paused = false;
  }

  /** Whether the process is running (paused counts as running). */
  public boolean isAlive() {
    Process current = current();
    return current != null && current.isAlive();
  }

  /** The exit status of the last incarnation, if it has ended. */
  public OptionalInt exitCode() {
    Process current = current();
    return current == null || current.isAlive()
        ? OptionalInt.empty()
        : OptionalInt.of(current.exitValue());
  }

  /** The process id of the current incarnation. */
  public long pid() {
    Process current = current();
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
    Process current = current();
    if (current == null || !current.isAlive()) {
      return "(" + name + " is not running)";
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process dump =
          new ProcessBuilder(jcmd.toString(), Long.toString(current.pid()), "Thread.print")
              .redirectErrorStream(true)
              .start();
      dump.getOutputStream().close();
      String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!dump.waitFor(30, TimeUnit.SECONDS)) {
        dump.destroyForcibly();
      }
      return output;
    } catch (IOException e) {
      return "(cannot run " + jcmd + ": " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /** The log file, shared by all incarnations. */
  public Path logFile() {
    return logFile;
  }

  /** The last {@code lines} lines of the log. */
  public String logTail(int lines) {
    try {
      if (!Files.exists(logFile)) {
        return "(no log yet)";
      }
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    kill();
    RUNNING.remove(this);
  }

  @Override
  public String toString() {
    Process current = current();
    return name + (current != null && current.isAlive() ? " (pid " + current.pid() + ")" : "");
  }

  private Process current() {
    return process;
  }

  private int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " did not exit within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name + " to exit", e);
    }
    RUNNING.remove(this);
    return process.exitValue();
  }

  private String outputSinceStart() {
    try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
      long length = file.length();
      if (length <= logOffsetAtStart) {
        return "";
      }
      byte[] bytes = new byte[(int) (length - logOffsetAtStart)];
      file.seek(logOffsetAtStart);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private void signal(String signal) {
    Process current = current();
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(current.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + current.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** From the shutdown hook, without the lock a stuck caller may hold: SIGKILL, no waiting. */
  private void destroyOnExit() {
    Process current = current();
    if (current != null && current.isAlive()) {
      current.destroyForcibly();
    }
  }

  private static List<String> command(Builder builder) {
    if ((builder.jar == null) == (builder.mainClass == null)) {
      throw new IllegalArgumentException(builder.name + ": give either a jar or a main class");
    }
    List<String> command = new ArrayList<>();
    if (builder.detached && Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(builder.jvmOptions);
    builder.systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    if (builder.jar != null) {
      command.add("-jar");
      command.add(builder.jar.toAbsolutePath().toString());
    } else {
      command.add("-cp");
      command.add(builder.classpath);
      command.add(builder.mainClass);
    }
    command.addAll(builder.arguments);
    return List.copyOf(command);
  }

  /** Options of a {@link ServiceProcess}. */
  public static final class Builder {
    private final String name;
    private Path jar;
    private String classpath;
    private String mainClass;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private boolean http = true;
    private int httpPort;
    private String readinessPath = QUARKUS_READINESS;
    private String readyLine;
    private Path logFile;
    private Path workingDirectory;
    private boolean detached;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Runs {@code java -jar jar}; fails at {@link #build()} if the file is missing. */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /** Runs {@code java -cp classpath mainClass} instead of a jar. */
    public Builder mainClass(String classpath, String mainClass) {
      this.classpath = classpath;
      this.mainClass = mainClass;
      return this;
    }

    /** JVM options, e.g. {@code -Xmx256m}. */
    public Builder jvmOptions(List<String> options) {
      jvmOptions.addAll(options);
      return this;
    }

    /** A {@code -Dkey=value} option; keep secrets in {@link #environment} instead. */
    public Builder systemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    /** An environment variable of the process (added to this JVM's environment). */
    public Builder environment(String key, String value) {
      environment.put(key, value);
      return this;
    }

    /** Environment variables of the process. */
    public Builder environment(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    /** Program arguments after the jar or main class. */
    public Builder arguments(String... arguments) {
      this.arguments.addAll(List.of(arguments));
      return this;
    }

    /**
     * The HTTP port, passed as {@value #HTTP_PORT_VARIABLE}; 0 (the default) picks a free one, kept
     * across restarts.
     */
    public Builder httpPort(int port) {
      this.http = true;
      this.httpPort = port;
      return this;
    }

    /** The readiness endpoint (default {@value #QUARKUS_READINESS}): ready when it answers 200. */
    public Builder readinessPath(String path) {
      this.readinessPath = path;
      return this;
    }

    /**
     * A process without HTTP, ready once it printed {@code line} (a whole line) since its last
     * start.
     */
    public Builder readyLine(String line) {
      this.http = false;
      this.readyLine = line;
      return this;
    }

    /** Where output goes (appended); default {@code target/service-logs/<name>.log}. */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    /** The working directory (created if missing); default this JVM's. */
    public Builder workingDirectory(Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    /**
     * A process its owner stops itself, in an order of its choosing ({@code ./onceflow up} stops
     * services before Kafka before PostgreSQL): it runs in a session of its own ({@code setsid}),
     * so a Ctrl-C or a closed terminal reaches only the owner, and this JVM's exit does not kill
     * it.
     */
    public Builder detached() {
      this.detached = true;
      return this;
    }

    /** A process with these options, not started yet. */
    public ServiceProcess build() {
      if (jar != null && !Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar.toAbsolutePath() + " is missing: package " + name + " first (mvn package)");
      }
      if (logFile == null) {
        logFile = Path.of("target", "service-logs", name + ".log");
      }
      return new ServiceProcess(this);
    }
  }
}
