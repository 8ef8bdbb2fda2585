package dev.onceflow.local;

import dev.onceflow.local.internal.Launch;
import dev.onceflow.local.internal.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Options of a {@link ServiceProcess}: what it runs, with which environment, port and log. */
public final class ServiceProcessBuilder {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  final String name;
  private Path jar;
  private String classpath;
  private String mainClass;
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, String> systemProperties = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> arguments = new ArrayList<>();
  private boolean http = true;
  private int httpPort;
  String readinessPath = ServiceProcess.QUARKUS_READINESS;
  String readyLine;
  Path logFile;
  private Path workingDirectory;
  boolean detached;

  ServiceProcessBuilder(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Runs {@code java -jar jar}; fails at {@link #build()} if the file is missing. */
  public ServiceProcessBuilder jar(Path jar) {
    this.jar = jar;
    return this;
  }

  /** Runs {@code java -cp classpath mainClass} instead of a jar. */
  public ServiceProcessBuilder mainClass(String classpath, String mainClass) {
    this.classpath = classpath;
    this.mainClass = mainClass;
    return this;
  }

  /** JVM options, e.g. {@code -Xmx256m}. */
  public ServiceProcessBuilder jvmOptions(List<String> options) {
    jvmOptions.addAll(options);
    return this;
  }

  /** A {@code -Dkey=value} option; keep secrets in {@link #environment} instead. */
  public ServiceProcessBuilder systemProperty(String key, String value) {
    systemProperties.put(key, value);
    return this;
  }

  /** An environment variable of the process (added to this JVM's environment). */
  public ServiceProcessBuilder environment(String key, String value) {
    environment.put(key, value);
    return this;
  }

  /** Environment variables of the process. */
  public ServiceProcessBuilder environment(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  /** Program arguments after the jar or main class. */
  public ServiceProcessBuilder arguments(String... arguments) {
    this.arguments.addAll(List.of(arguments));
    return this;
  }

  /**
   * The HTTP port, passed as {@value ServiceProcess#HTTP_PORT_VARIABLE}; 0 (the default) picks a
   * free one, kept across restarts.
   */
  public ServiceProcessBuilder httpPort(int port) {
    this.http = true;
    this.httpPort = port;
    return this;
  }

  /**
   * The readiness endpoint (default {@value ServiceProcess#QUARKUS_READINESS}): ready when it
   * answers 200.
   */
  public ServiceProcessBuilder readinessPath(String path) {
    this.readinessPath = path;
    return this;
  }

  /**
   * A process without HTTP, ready once it printed {@code line} (a whole line) since its last start.
   */
  public ServiceProcessBuilder readyLine(String line) {
    this.http = false;
    this.readyLine = line;
    return this;
  }

  /** Where output goes (appended); default {@code target/service-logs/<name>.log}. */
  public ServiceProcessBuilder logFile(Path logFile) {
    this.logFile = logFile;
    return this;
  }

  /** The working directory (created if missing); default this JVM's. */
  public ServiceProcessBuilder workingDirectory(Path directory) {
    this.workingDirectory = directory;
    return this;
  }

  /**
   * A process its owner stops itself, in an order of its choosing ({@code ./onceflow up} stops
   * services before Kafka before PostgreSQL): it runs in a session of its own ({@code setsid}), so
   * a Ctrl-C or a closed terminal reaches only the owner, and this JVM's exit does not kill it.
   */
  public ServiceProcessBuilder detached() {
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
    int port = http ? Ports.orFree(httpPort) : 0;
    Map<String, String> variables = new LinkedHashMap<>(environment);
    if (http) {
      variables.put(ServiceProcess.HTTP_PORT_VARIABLE, Integer.toString(port));
    }
    return new ServiceProcess(this, port, new Launch(command(), variables, workingDirectory));
  }

  /** The command line: {@code java}, its options, the jar or main class, the arguments. */
  private List<String> command() {
    if ((jar == null) == (mainClass == null)) {
      throw new IllegalArgumentException(name + ": give either a jar or a main class");
    }
    List<String> command = new ArrayList<>();
    if (detached && Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    if (jar != null) {
      command.add("-jar");
      command.add(jar.toAbsolutePath().toString());
    } else {
      command.add("-cp");
      command.add(classpath);
      command.add(mainClass);
    }
    command.addAll(arguments);
    return List.copyOf(command);
  }
}
