package dev.onceflow.local.launcher;

import dev.onceflow.local.LocalPlatformMain;
import dev.onceflow.local.PlatformEndpoints;
import dev.onceflow.local.PlatformService;
import dev.onceflow.local.PlatformTopology;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.ServiceProcessBuilder;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The processes of one {@code ./onceflow up}, started in order and stopped in reverse: services
 * first, then Kafka, then PostgreSQL, so that nothing loses its dependencies while still running.
 *
 * <p>The stop runs in a JVM shutdown hook, which the JVM runs on SIGINT (Ctrl-C), SIGTERM ({@code
 * down}), SIGHUP (a closed terminal) and on {@link System#exit}. The children run in sessions of
 * their own ({@link ServiceProcessBuilder#detached()}): a Ctrl-C in the terminal reaches only the
 * launcher, which stops them in order.
 */
final class RunningPlatform implements PlatformEndpoints {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Workspace workspace;
  private final Console console;
  private final Secrets secrets;
  private final PidFiles pids;
  private final List<ServiceProcess> started = new ArrayList<>();
  private boolean stopping;
  private volatile int exitStatus;

  RunningPlatform(Workspace workspace, Console console, Secrets secrets, PidFiles pids) {
    this.workspace = workspace;
    this.console = console;
    this.secrets = secrets;
    this.pids = pids;
  }

  /** Starts everything and runs until a signal or a child's death; never returns normally. */
  int run(Double demoRate) {
    pids.write(PidFiles.LAUNCHER, ProcessHandle.current().pid());
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "onceflow-stop"));
    try {
      console.line("starting postgres and kafka...");
      ServiceProcess postgres = start(postgres());
      ServiceProcess kafka = start(kafka());
      awaitReady(postgres);
      console.line("  postgres ready (" + console.elapsed() + ")");
      awaitReady(kafka);
      console.line("  kafka ready (" + console.elapsed() + ")");

      List<ServiceProcess> services = new ArrayList<>();
      for (PlatformService service : workspace.topology().services()) {
        if (!Files.isRegularFile(service.jar(workspace.root()))) {
          console.line("  " + service.name() + " is not built: skipped (run without --no-build)");
          continue;
        }
        services.add(start(service(service)));
      }
      console.line("starting " + services.size() + " services...");
      for (int i = 0; i < services.size(); i++) {
        awaitReady(services.get(i));
        console.line(
            String.format(
                "  [%d/%d] %s ready (%s)",
                i + 1, services.size(), services.get(i).name(), console.elapsed()));
      }

      console.line("postgres: postgresql://127.0.0.1:" + workspace.postgresPort());
      console.line("kafka: PLAINTEXT://127.0.0.1:" + workspace.kafkaPort());
      for (ServiceProcess service : services) {
        console.line(service.name() + ": http://127.0.0.1:" + service.httpPort());
      }
      for (ServiceProcess service : services) {
        List<String> login = workspace.topology().service(service.name()).adminLogin();
        if (!login.isEmpty()) {
          console.line(
              String.format(
                  "%s login (for replays): %s, password in %s (%s)",
                  service.name(),
                  PlatformTopology.DASHBOARD_ADMIN,
                  workspace.shown(workspace.secretsFile()),
                  login.get(1)));
        }
      }
      console.line(
          "logs: " + workspace.shown(workspace.logs()) + "/   stop: Ctrl-C or ./onceflow down");
      console.line(LocalPlatformMain.READY);

      ServiceProcess demo = null;
      if (demoRate != null) {
        console.line(
            String.format(
                "demo load: %s orders/s (progress in %s)",
                format(demoRate), workspace.shown(workspace.logs().resolve("demo.log"))));
        demo = start(demo(demoRate));
      }
      watch(demo);
    } catch (ChildFailed e) {
      fail(e.getMessage());
    }
    return 1;
  }

  /** Until a signal arrives or a child dies on its own (the demo load may end: no failure). */
  private void watch(ServiceProcess demo) {
    boolean demoRunning = demo != null;
    while (true) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
      for (ServiceProcess process : snapshot()) {
        if (process.isAlive()) {
          continue;
        }
        if (process == demo) {
          if (demoRunning) {
            demoRunning = false;
            pids.remove(UpCommand.DEMO);
            console.line("demo load ended, see " + log(UpCommand.DEMO));
          }
          continue;
        }
        fail(exited(process));
      }
    }
  }

  private ServiceProcess postgres() {
    ServiceProcessBuilder builder =
        server(UpCommand.POSTGRES, List.of("-Xmx96m", "-XX:+UseSerialGC"))
            .arguments("postgres", "--port", Integer.toString(workspace.postgresPort()))
            .arguments("--data-dir", workspace.data().resolve(UpCommand.POSTGRES).toString())
            .arguments("--log-file", workspace.logs().resolve("postgres-server.log").toString())
            .arguments(workspace.topology().postgresArguments().toArray(String[]::new));
    for (PlatformTopology.Role role : workspace.topology().roles()) {
      builder.environment(
          PlatformTopology.passwordVariable(role.name()), secrets.password(role.name()));
    }
    return builder.build();
  }

  private ServiceProcess kafka() {
    return server(UpCommand.KAFKA, List.of("-Xmx768m"))
        .arguments("kafka", "--port", Integer.toString(workspace.kafkaPort()))
        .arguments("--data-dir", workspace.data().resolve(UpCommand.KAFKA).toString())
        .arguments("--topics", workspace.root().resolve(PlatformTopology.TOPIC_LIST).toString())
        .build();
  }

  private ServiceProcess demo(double rate) {
    return server(UpCommand.DEMO, List.of("-Xmx128m"))
        .arguments("demo", "--orders-url", url(DemoCommand.ORDER_SERVICE).toString())
        .arguments("--kafka", workspace.kafkaBootstrapServers(), "--rate", format(rate))
        .environment(Secrets.SERVICE_TOKEN, secrets.get(Secrets.SERVICE_TOKEN))
        .build();
  }

  /**
   * A piece of local-platform ({@link LocalPlatformMain}) on this launcher's class path: the
   * launcher jar, whose manifest names its libraries.
   */
  private ServiceProcessBuilder server(String name, List<String> jvm) {
    return ServiceProcess.builder(name)
        .mainClass(classPath(), LocalPlatformMain.class.getName())
        .jvmOptions(jvm)
        .readyLine(LocalPlatformMain.READY)
        .logFile(workspace.logs().resolve(name + ".log"))
        .detached();
  }

  private ServiceProcess service(PlatformService service) {
    Map<String, String> environment = workspace.topology().environment(service, this).all();
    return ServiceProcess.builder(service.name())
        .jar(service.jar(workspace.root()))
        .httpPort(workspace.port(service))
        .environment(environment)
        .logFile(workspace.logs().resolve(service.name() + ".log"))
        .detached()
        .build();
  }

  private synchronized ServiceProcess start(ServiceProcess process) {
    if (stopping) {
      throw new ChildFailed("stopping");
    }
    process.start();
    started.add(process);
    pids.write(process.name(), process.pid());
    return process;
  }

  private synchronized List<ServiceProcess> snapshot() {
    return stopping ? List.of() : List.copyOf(started);
  }

  private void awaitReady(ServiceProcess process) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!process.isReady()) {
      if (!process.isAlive()) {
        throw new ChildFailed(exited(process));
      }
      if (System.nanoTime() > deadline) {
        throw new ChildFailed(
            process.name()
                + " not ready after "
                + READY_TIMEOUT.toSeconds()
                + "s, see "
                + log(process.name()));
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private String exited(ServiceProcess process) {
    return String.format(
        "%s exited (code %s), see %s",
        process.name(), process.exitCode().orElse(-1), log(process.name()));
  }

  /** Reports a failure and exits 1, which runs the stop; during a stop, waits for it instead. */
  private void fail(String message) {
    synchronized (this) {
      if (stopping) {
        LockSupport.park();
        return;
      }
    }
    console.error(message);
    exitStatus = 1;
    System.exit(1);
  }

  /** The shutdown hook: services in reverse start order, then Kafka, then PostgreSQL. */
  private void stopAll() {
    List<ServiceProcess> order;
    synchronized (this) {
      stopping = true;
      order = new ArrayList<>(started);
    }
    console.line("stopping...");
    Collections.reverse(order);
    for (String server : List.of(UpCommand.KAFKA, UpCommand.POSTGRES)) {
      order.stream()
          .filter(p -> p.name().equals(server))
          .findFirst()
          .ifPresent(
              p -> {
                order.remove(p);
                order.add(p);
              });
    }
    for (ServiceProcess process : order) {
      if (process.isAlive()) {
        ProcessHandle.of(process.pid())
            .ifPresent(
                handle -> {
                  if (!PidFiles.stop(handle, PidFiles.STOP_PATIENCE)) {
                    console.line(process.name() + " did not stop within 30 s: killed");
                  }
                });
      }
      pids.remove(process.name());
    }
    pids.remove(PidFiles.LAUNCHER);
    console.line("stopped");
    // Ctrl-C, a closed terminal and `down` are a normal end: exit 0, as the shell launcher did.
    Runtime.getRuntime().halt(exitStatus);
  }

  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.add(Path.of(entry).toAbsolutePath().toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private String log(String name) {
    return workspace.shown(workspace.logs().resolve(name + ".log"));
  }

  private static String format(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }

  @Override
  public String kafkaBootstrapServers() {
    return workspace.kafkaBootstrapServers();
  }

  @Override
  public int databasePort(String database) {
    return workspace.postgresPort();
  }

  @Override
  public String password(String role) {
    return secrets.password(role);
  }

  @Override
  public String serviceToken() {
    return secrets.get(Secrets.SERVICE_TOKEN);
  }

  @Override
  public String adminPassword() {
    return secrets.get(Secrets.ADMIN_PASSWORD);
  }

  @Override
  public URI url(String service) {
    return URI.create("http://127.0.0.1:" + workspace.port(service));
  }

  /** A child exited or never got ready. */
  private static final class ChildFailed extends RuntimeException {
    ChildFailed(String message) {
      super(message);
    }
  }
}
