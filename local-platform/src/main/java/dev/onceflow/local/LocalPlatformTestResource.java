package dev.onceflow.local;

import dev.onceflow.local.internal.Passwords;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Gives {@code @QuarkusTest}s a real PostgreSQL and Kafka, started once per JVM and shared by every
 * test class and every Quarkus restart; a JVM shutdown hook stops them.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(
 *     value = LocalPlatformTestResource.class,
 *     initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "orders"))
 * class OrderResourceTest { ... }
 * }</pre>
 *
 * <p>Each {@link #start()} ensures a database owned by a non-superuser login role with a fresh
 * random password and returns:
 *
 * <ul>
 *   <li>{@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username}, {@code
 *       quarkus.datasource.password}
 *   <li>{@code kafka.bootstrap.servers}
 *   <li>{@code quarkus.devservices.enabled=false} (no Docker here). Dev Services start at build
 *       time, before any test resource: the application must set this in its own {@code
 *       application.properties} too.
 *   <li>{@code quarkus.log.category."…".level=WARN} for the broker's own loggers only
 * </ul>
 *
 * <p>Init args: {@value #DATABASE} (default {@value #DEFAULT_DATABASE}), {@value #USERNAME} (the
 * owner role, default: the database name), {@value #FRESH} ({@code true}: a new, empty database
 * named {@code <database>_<n>} on every start), {@value #REPLICATION_SLOT} (a logical replication
 * slot to create in it). Tests needing admin access (superuser JDBC, topic creation) use {@link
 * #postgres()} and {@link #kafka()}.
 */
public class LocalPlatformTestResource implements QuarkusTestResourceLifecycleManager {

  /** Init arg: the database name. */
  public static final String DATABASE = "database";

  /** Init arg: the database owner role the application connects as. */
  public static final String USERNAME = "username";

  /** Init arg: {@code true} for a new, empty database on each start. */
  public static final String FRESH = "fresh";

  /**
   * Init arg: a logical replication slot ({@code pgoutput}) to create in the database, as a relay
   * would on its first start; services that write outbox events refuse to while it is missing.
   */
  public static final String REPLICATION_SLOT = "replication-slot";

  /** The database used when no init arg names one. */
  public static final String DEFAULT_DATABASE = "app";

  /** Loggers of the in-JVM broker (never of Kafka clients), quieted to WARN. */
  static final List<String> BROKER_LOGGERS =
      List.of(
          "kafka",
          "state.change.logger",
          "org.apache.kafka.controller",
          "org.apache.kafka.coordinator",
          "org.apache.kafka.image",
          "org.apache.kafka.metadata",
          "org.apache.kafka.network",
          "org.apache.kafka.queue",
          "org.apache.kafka.raft",
          "org.apache.kafka.security",
          "org.apache.kafka.server",
          "org.apache.kafka.snapshot",
          "org.apache.kafka.storage");

  private String database = DEFAULT_DATABASE;
  private String username;
  private boolean fresh;
  private String replicationSlot;

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault(DATABASE, DEFAULT_DATABASE);
    username = initArgs.getOrDefault(USERNAME, database);
    fresh = Boolean.parseBoolean(initArgs.getOrDefault(FRESH, "false"));
    replicationSlot = initArgs.get(REPLICATION_SLOT);
  }

  @Override
  public Map<String, String> start() {
    Platform platform = Platform.shared();
    String name = fresh ? database + "_" + Platform.nextFreshDatabase() : database;
    String owner = username == null ? database : username;
    // A new password on every start: each Quarkus application gets its own, none is ever stored.
    String password = Passwords.random();
    platform.postgres.ensureDatabase(name, owner, password);
    if (replicationSlot != null) {
      platform.postgres.ensureLogicalReplicationSlot(name, replicationSlot);
    }

    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.devservices.enabled", "false");
    config.put("quarkus.datasource.jdbc.url", platform.postgres.jdbcUrl(name));
    config.put("quarkus.datasource.username", owner);
    config.put("quarkus.datasource.password", password);
    config.put("kafka.bootstrap.servers", platform.kafka.bootstrapServers());
    BROKER_LOGGERS.forEach(
        logger -> config.put("quarkus.log.category.\"" + logger + "\".level", "WARN"));
    return config;
  }

  /** Nothing to do: the platform outlives each Quarkus application and stops with the JVM. */
  @Override
  public void stop() {}

  /** The shared PostgreSQL server, started if needed: superuser access for tests. */
  public static LocalPostgres postgres() {
    return Platform.shared().postgres;
  }

  /** The shared Kafka broker, started if needed: admin access for tests. */
  public static LocalKafka kafka() {
    return Platform.shared().kafka;
  }

  /**
   * Creates, on the shared broker, a topic that one test owns: {@code prefix} (what the test
   * profile's subscription pattern matches) followed by {@code name} and a random suffix.
   */
  public static String newTopic(String prefix, String name, int partitions) {
    String topic = prefix + name + "." + UUID.randomUUID().toString().substring(0, 8);
    kafka().createTopic(topic, partitions, Map.of());
    return topic;
  }

  /**
   * The JVM-wide PostgreSQL and Kafka.
   *
   * <p>Quarkus loads this class again, in a new class loader, for every test profile, so a static
   * field alone would start one platform per profile. The first loader starts the servers and
   * publishes where they are as system properties (ports and paths, no secrets: the superuser
   * password stays in the data directory); later loaders attach to them. Kafka runs on the first
   * loader's classes, which Quarkus leaves loadable after that application stops.
   */
  private static final class Platform {
    // String literals are interned JVM-wide: the one lock every class loader's copy of this class
    // sees.
    private static final String LOCK = "dev.onceflow.local.LocalPlatformTestResource";
    private static final String PREFIX = "dev.onceflow.local.test-platform.";
    private static final String POSTGRES_PORT = PREFIX + "postgres.port";
    private static final String POSTGRES_DIRECTORY = PREFIX + "postgres.data-directory";
    private static final String KAFKA_PORT = PREFIX + "kafka.port";
    private static final String KAFKA_CONTROLLER_PORT = PREFIX + "kafka.controller-port";
    private static final String KAFKA_DIRECTORY = PREFIX + "kafka.data-directory";
    private static final String FRESH_DATABASES = PREFIX + "fresh-databases";

    // JUL keeps loggers weakly: hold the quieted ones so their levels stick.
    private static final List<Logger> QUIETED =
        Stream.concat(BROKER_LOGGERS.stream(), Stream.of("io.zonky.test"))
            .map(Logger::getLogger)
            .toList();
    private static final List<Logger> QUIETED_DURING_START =
        Stream.of(
                "org.apache.kafka.common.config.AbstractConfig",
                "org.apache.kafka.common.metrics.Metrics",
                "org.apache.kafka.common.utils.AppInfoParser")
            .map(Logger::getLogger)
            .toList();

    private static Platform shared;

    final LocalPostgres postgres;
    final LocalKafka kafka;

    private Platform(LocalPostgres postgres, LocalKafka kafka) {
      this.postgres = postgres;
      this.kafka = kafka;
    }

    static Platform shared() {
      synchronized (LOCK) {
        if (shared == null) {
          shared = System.getProperty(POSTGRES_PORT) == null ? startAndPublish() : attach();
        }
        return shared;
      }
    }

    /** A number no other start in this JVM got, whichever class loader asks. */
    static int nextFreshDatabase() {
      synchronized (LOCK) {
        int next = Integer.parseInt(System.getProperty(FRESH_DATABASES, "0")) + 1;
        System.setProperty(FRESH_DATABASES, Integer.toString(next));
        return next;
      }
    }

    private static Platform attach() {
      return new Platform(
          LocalPostgres.attach(
              Integer.parseInt(System.getProperty(POSTGRES_PORT)),
              Path.of(System.getProperty(POSTGRES_DIRECTORY))),
          LocalKafka.attach(
              Integer.parseInt(System.getProperty(KAFKA_PORT)),
              Integer.parseInt(System.getProperty(KAFKA_CONTROLLER_PORT)),
              Path.of(System.getProperty(KAFKA_DIRECTORY))));
    }

    private static Platform startAndPublish() {
      // Quiets the broker under JBoss LogManager before Quarkus applies its config, and loggers the
      // application's own Kafka clients share (config dumps, client start and stop) during the
      // start only.
      QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
      Map<Logger, Level> before = new LinkedHashMap<>();
      QUIETED_DURING_START.forEach(logger -> before.put(logger, logger.getLevel()));
      QUIETED_DURING_START.forEach(logger -> logger.setLevel(Level.WARNING));
      try {
        return startBoth();
      } finally {
        before.forEach(Logger::setLevel);
      }
    }

    private static Platform startBoth() {
      LocalPostgres postgres = LocalPostgres.builder().build();
      LocalKafka kafka = LocalKafka.builder().build();
      // PostgreSQL starts in its own process: overlap it with the broker's start in this JVM.
      CompletableFuture<LocalPostgres> startingPostgres =
          CompletableFuture.supplyAsync(postgres::start);
      try {
        kafka.start();
        startingPostgres.join();
      } catch (RuntimeException e) {
        startingPostgres.handle((started, failure) -> null).join();
        kafka.close();
        postgres.close();
        throw e;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      kafka.close();
                    } finally {
                      postgres.close();
                    }
                  },
                  "onceflow-local-platform-stopper"));
      System.setProperty(POSTGRES_PORT, Integer.toString(postgres.port()));
      System.setProperty(POSTGRES_DIRECTORY, postgres.dataDirectory().toString());
      System.setProperty(KAFKA_PORT, Integer.toString(kafka.port()));
      System.setProperty(KAFKA_CONTROLLER_PORT, Integer.toString(kafka.controllerPort()));
      System.setProperty(KAFKA_DIRECTORY, kafka.dataDirectory().toString());
      return new Platform(postgres, kafka);
    }
  }
}
