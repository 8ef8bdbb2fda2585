package dev.onceflow.local;

import dev.onceflow.contract.security.ServiceToken;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one piece of the local platform in the foreground, as its own OS process, so that the
 * launcher ({@code ./onceflow}) and system tests can stop or kill each piece on its own.
 *
 * <pre>
 * java -jar local-platform/target/local-platform.jar postgres --port 15432 --data-dir D \
 *     [--log-file F] [--database orders:order_service ...] [--role onceflow_relay:replication ...]
 * java -jar local-platform/target/local-platform.jar kafka --port 19092 --data-dir D \
 *     [--controller-port P] [--topics k8s/overlays/dev/kafka/topics.txt]
 *     [--node-id N --voters ID@HOST:PORT,... --cluster-id ID] [--replication FACTOR:MIN_INSYNC]
 * java -jar local-platform/target/local-platform.jar demo --orders-url http://127.0.0.1:8081 \
 *     --kafka 127.0.0.1:19092 [--rate 20] [--count 0] [--cancel-percent 10] [--poison-every 250]
 * </pre>
 *
 * <p>Once ready it prints {@code postgres: postgresql://127.0.0.1:P} or {@code kafka:
 * PLAINTEXT://127.0.0.1:P}, then a line {@code READY}. SIGTERM stops the server cleanly. If the
 * PostgreSQL server dies on its own, the process exits with code 1.
 *
 * <p>Secrets come from the environment, never from arguments: {@code
 * ONCEFLOW_PG_SUPERUSER_PASSWORD} (optional: otherwise generated and kept in the data directory)
 * and, for each role of {@code --database name:role} (a database owned by a login role) and {@code
 * --role name[:replication]} (a login role on its own), {@code ONCEFLOW_DB_PASSWORD_<ROLE>} (role
 * upper-cased), which is required. Passwords are set again on every start, so regenerated secrets
 * take effect. The demo load presents the service token order-service demands from {@code
 * ONCEFLOW_SERVICE_TOKEN} (required; a command-line option would show it to every user in {@code
 * ps}).
 */
public final class LocalPlatformMain {

  /** Environment variable with the PostgreSQL superuser's password. */
  public static final String SUPERUSER_PASSWORD_ENV = "ONCEFLOW_PG_SUPERUSER_PASSWORD";

  /** Prefix of the environment variables with each database owner's password. */
  public static final String ROLE_PASSWORD_ENV_PREFIX = "ONCEFLOW_DB_PASSWORD_";

  /** The line printed once the server is ready. */
  public static final String READY = "READY";

  private static final String USAGE =
      "usage: postgres --port P --data-dir D [--log-file F] [--database name:role ...]"
          + " [--role name[:replication] ...]\n"
          + "       kafka --port P --data-dir D [--controller-port P] [--topics FILE]"
          + " [--node-id N --voters V --cluster-id ID] [--replication FACTOR:MIN_INSYNC]\n"
          + "       demo --orders-url URL --kafka HOST:PORT [--rate N] [--count N]"
          + " [--cancel-percent N] [--poison-every N]";

  private LocalPlatformMain() {}

  /** Entry point; see the class documentation for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    configureLogging();
    if (args.length == 0) {
      fail(USAGE);
    }
    Map<String, List<String>> options = options(args);
    try {
      switch (args[0]) {
        case "postgres" -> runPostgres(options);
        case "kafka" -> runKafka(options);
        case "demo" -> runDemo(options);
        default -> fail("unknown command " + args[0] + "\n" + USAGE);
      }
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    }
  }

  /** The password variable for database owner {@code role}: {@code ONCEFLOW_DB_PASSWORD_<ROLE>}. */
  public static String rolePasswordVariable(String role) {
    return ROLE_PASSWORD_ENV_PREFIX + role.toUpperCase(Locale.ROOT);
  }

  private static void runPostgres(Map<String, List<String>> options) {
    Map<String, String> databases = new LinkedHashMap<>();
    for (String spec : options.getOrDefault("database", List.of())) {
      String[] parts = spec.split(":", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("--database expects name:role, got " + spec);
      }
      databases.put(parts[0], parts[1]);
    }
    Map<String, Boolean> roles = new LinkedHashMap<>();
    for (String spec : options.getOrDefault("role", List.of())) {
      String[] parts = spec.split(":", 2);
      if (parts.length == 2 && !parts[1].equals("replication")) {
        throw new IllegalArgumentException("--role expects name or name:replication, got " + spec);
      }
      roles.put(parts[0], parts.length == 2);
    }
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String role : concat(databases.values(), roles.keySet())) {
      String variable = rolePasswordVariable(role);
      passwords.put(
          role,
          Optional.ofNullable(System.getenv(variable))
              .filter(value -> !value.isBlank())
              .orElseThrow(() -> new IllegalArgumentException(variable + " is not set")));
    }

    LocalPostgres.Builder builder =
        LocalPostgres.builder()
            .port(Integer.parseInt(required(options, "port")))
            .dataDirectory(Path.of(required(options, "data-dir")));
    optional(options, "log-file").map(Path::of).ifPresent(builder::logFile);
    Optional.ofNullable(System.getenv(SUPERUSER_PASSWORD_ENV))
        .filter(value -> !value.isBlank())
        .ifPresent(builder::superuserPassword);
    LocalPostgres postgres = builder.build();

    Stopper stopper = new Stopper("postgres", postgres::stop);
    postgres.start();
    roles.forEach(
        (role, replication) -> postgres.ensureRole(role, passwords.get(role), replication));
    databases.forEach((name, role) -> postgres.ensureDatabase(name, role, passwords.get(role)));
    announce("postgres", postgres.toString());

    long pid = postgres.postmasterPid().orElseThrow();
    ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().join());
    if (!stopper.stopping()) {
      System.err.println("postgres: the server (pid " + pid + ") exited on its own");
      System.exit(1);
    }
  }

  private static void runKafka(Map<String, List<String>> options) throws InterruptedException {
    LocalKafka.Builder builder =
        LocalKafka.builder()
            .port(Integer.parseInt(required(options, "port")))
            .dataDirectory(Path.of(required(options, "data-dir")));
    optional(options, "controller-port").map(Integer::parseInt).ifPresent(builder::controllerPort);
    // A member of a LocalKafkaCluster, which gives every member the same three.
    optional(options, "node-id")
        .map(Integer::parseInt)
        .ifPresent(
            id -> builder.member(id, required(options, "voters"), required(options, "cluster-id")));
    optional(options, "replication")
        .map(spec -> spec.split(":", 2))
        .ifPresent(
            parts -> {
              if (parts.length != 2) {
                throw new IllegalArgumentException("--replication expects FACTOR:MIN_INSYNC");
              }
              builder.replication(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            });
    LocalKafka kafka = builder.build();
    new Stopper("kafka", kafka::stop);
    kafka.start();
    optional(options, "topics")
        .map(Path::of)
        .map(TopicList::read)
        .ifPresent(t -> t.createOn(kafka));
    announce("kafka", kafka.toString());
    // The broker runs on its own threads; SIGTERM runs the shutdown hook and ends the JVM.
    new CountDownLatch(1).await();
  }

  private static void runDemo(Map<String, List<String>> options) throws InterruptedException {
    // The progress bar is the output: the Kafka producer's start and stop notices are noise here.
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    new DemoLoad(
            java.net.URI.create(required(options, "orders-url")),
            required(options, "kafka"),
            Double.parseDouble(optional(options, "rate").orElse("20")),
            Long.parseLong(optional(options, "count").orElse("0")),
            Integer.parseInt(optional(options, "cancel-percent").orElse("10")),
            Long.parseLong(optional(options, "poison-every").orElse("250")),
            serviceToken())
        .run();
  }

  /** The service token order-service demands for placing and cancelling orders. */
  private static String serviceToken() {
    String token = System.getenv(ServiceToken.ENVIRONMENT_VARIABLE);
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "demo: set "
              + ServiceToken.ENVIRONMENT_VARIABLE
              + " to order-service's service token (./onceflow demo does it)");
    }
    return token;
  }

  private static List<String> concat(Collection<String> first, Collection<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static void announce(String name, String endpoint) {
    PrintStream out = System.out;
    out.println(name + ": " + endpoint);
    out.println(READY);
    out.flush();
  }

  /** Stops a server from a JVM shutdown hook (SIGTERM, SIGINT, System.exit). */
  private static final class Stopper {
    private volatile boolean stopping;

    Stopper(String name, Runnable stop) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stopping = true;
                    try {
                      stop.run();
                      System.out.println(name + ": stopped");
                    } catch (RuntimeException e) {
                      System.err.println(name + ": could not stop cleanly: " + e);
                    }
                  },
                  name + "-stopper"));
    }

    boolean stopping() {
      return stopping;
    }
  }

  private static Map<String, List<String>> options(String[] args) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "expected --option value, got " + args[i] + "\n" + USAGE);
      }
      options.computeIfAbsent(args[i].substring(2), key -> new ArrayList<>()).add(args[++i]);
    }
    return options;
  }

  private static String required(Map<String, List<String>> options, String name) {
    return optional(options, name)
        .orElseThrow(() -> new IllegalArgumentException("--" + name + " is required\n" + USAGE));
  }

  private static Optional<String> optional(Map<String, List<String>> options, String name) {
    List<String> values = options.getOrDefault(name, List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /** slf4j-simple is this process's backend: timestamps, and the broker's config dumps left out. */
  private static void configureLogging() {
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    System.getProperties()
        .putIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.getProperties()
        .putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.common.config", "warn");
    System.getProperties()
        .putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients", "warn");
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
