package dev.onceflow.systemtest;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPlatformMain;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.PlatformTopology;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.StreamingStandby;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One scenario's PostgreSQL servers and Kafka, each its own OS process, with data under the
 * scenario's directory: the orders PostgreSQL (logical WAL, fsync on; it holds the payments
 * database too, as a local platform's one server does) and the fulfillment PostgreSQL
 * (inbox-consumer's, a server of its own as in production, so that it can be stopped while orders
 * keep flowing), controlled from this JVM so that they can be crashed in immediate mode or stopped,
 * and the Kafka broker run by the local-platform launcher jar so that it can be killed with SIGKILL
 * and started again on the same port and data.
 */
final class Infrastructure implements AutoCloseable {

  /** What the platform is made of: its services, databases and roles. */
  static final PlatformTopology TOPOLOGY = PlatformTopology.ONCEFLOW;

  /** The database the orders relay shard publishes from (order-service's). */
  static final String ORDERS_DATABASE = TOPOLOGY.databaseOf("outbox-relay");

  /**
   * The database the payments relay shard publishes from (payment-service's), on the same server.
   */
  static final String PAYMENTS_DATABASE = TOPOLOGY.databaseOf("outbox-relay-payments");

  /** inbox-consumer's database, on a server of its own. */
  static final String FULFILLMENT_DATABASE = TOPOLOGY.databaseOf("inbox-consumer");

  /** Partitions of each event topic: per-key order must hold across several. */
  static final int EVENT_PARTITIONS = 4;

  /**
   * The relay shards' replication slots (the topology's), failover slots the standby synchronises:
   * both databases are on the primary.
   */
  static final List<String> RELAY_SLOTS =
      List.of(PlatformTopology.slotOf(ORDERS_DATABASE), PlatformTopology.slotOf(PAYMENTS_DATABASE));

  private static final Duration KAFKA_START = Duration.ofSeconds(120);
  private static final Duration STANDBY_PATIENCE = Duration.ofMinutes(3);

  private final Path directory;

  /** The primary: the standby once promoted, on the same address. */
  private volatile LocalPostgres postgres;

  /** inbox-consumer's server: only the fulfillment database. */
  private final LocalPostgres fulfillmentPostgres;

  private LocalPostgres formerPrimary;
  private StreamingStandby standby;
  private final ServiceProcess kafka;
  private final int kafkaPort;

  /** A random password per role of the topology. */
  private final Map<String, String> passwords = new HashMap<>();

  private Infrastructure(Path directory) {
    this.directory = directory;
    this.postgres =
        LocalPostgres.builder()
            .dataDirectory(directory.resolve("postgres"))
            .logFile(directory.resolve("logs").resolve("postgresql.log"))
            .build();
    this.fulfillmentPostgres =
        LocalPostgres.builder()
            .dataDirectory(directory.resolve("postgres-fulfillment"))
            .logFile(directory.resolve("logs").resolve("postgresql-fulfillment.log"))
            .build();
    this.kafkaPort = freePort();
    this.kafka =
        ServiceProcess.builder("kafka")
            .jar(PackagedApps.launcher())
            .jvmOptions(List.of("-Xmx512m", "-XX:+UseSerialGC"))
            .arguments(
                "kafka",
                "--port",
                Integer.toString(kafkaPort),
                // Fixed, so that a restarted broker finds its controller where the quorum says.
                "--controller-port",
                Integer.toString(freePort()),
                "--data-dir",
                directory.resolve("kafka").toString())
            .readyLine(LocalPlatformMain.READY)
            .logFile(directory.resolve("logs").resolve("kafka.log"))
            .build();
  }

  /**
   * Starts every server, creates the databases, roles and topics the services need.
   *
   * @param withStandby whether PostgreSQL gets a synchronous streaming standby, for a failover
   */
  static Infrastructure start(Path directory, boolean withStandby) {
    Infrastructure infrastructure = new Infrastructure(directory);
    try {
      infrastructure.kafka.start();
      infrastructure.postgres.start();
      infrastructure.fulfillmentPostgres.start();
      infrastructure.createDatabases();
      if (withStandby) {
        infrastructure.standby =
            StreamingStandby.start(
                infrastructure.postgres,
                directory.resolve("postgres-standby"),
                directory.resolve("logs").resolve("postgresql-standby.log"),
                STANDBY_PATIENCE);
      }
      infrastructure.kafka.awaitReady(KAFKA_START);
      infrastructure.createTopics();
      return infrastructure;
    } catch (RuntimeException e) {
      infrastructure.close();
      throw e;
    }
  }

  /**
   * Each database of the topology on its server, owned by its service's role (which migrates its
   * schema), and the relay's least privilege (outbox-relay README): REPLICATION and no table grant,
   * since it streams without a snapshot.
   */
  private void createDatabases() {
    TOPOLOGY.provision(this::server, this::password);
  }

  /** The server that holds {@code database}: fulfillment's own, or the orders primary. */
  LocalPostgres server(String database) {
    return FULFILLMENT_DATABASE.equals(database) ? fulfillmentPostgres : postgres;
  }

  /** The password of database role {@code role}, generated on first use. */
  synchronized String password(String role) {
    return passwords.computeIfAbsent(role, r -> password());
  }

  /**
   * The topics the services write, created up front with their intended partitions rather than left
   * to the broker's auto-creation. The relay creates its compacted offsets topic itself.
   */
  private void createTopics() {
    try (Admin admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(OnceflowTopics.ORDER_EVENTS, EVENT_PARTITIONS, (short) 1),
                  new NewTopic(OnceflowTopics.PAYMENT_EVENTS, EVENT_PARTITIONS, (short) 1),
                  new NewTopic(OnceflowTopics.DEAD_LETTERS, 1, (short) 1),
                  new NewTopic(OnceflowTopics.INBOX_JOURNAL, 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the topics", e);
    }
  }

  /** SIGKILL ({@code hard}) or SIGTERM, then a start on the same port and data; waits for READY. */
  synchronized void restartKafka(boolean hard) {
    if (hard) {
      kafka.kill();
    } else {
      kafka.stop(Duration.ofSeconds(60));
    }
    kafka.start().awaitReady(KAFKA_START);
  }

  /**
   * Starts the broker again if it exited although no fault stopped it (as an orchestrator would);
   * returns its exit status then.
   */
  synchronized OptionalInt restartKafkaIfExited() {
    if (kafka.starts() == 0 || kafka.isAlive()) {
      return OptionalInt.empty();
    }
    int status = kafka.exitCode().orElse(-1);
    kafka.start().awaitReady(KAFKA_START);
    return OptionalInt.of(status);
  }

  /**
   * {@code pg_ctl stop -m immediate} (no checkpoint, backends aborted), then crash recovery: the
   * orders server, then the fulfillment server.
   */
  void crashPostgres() {
    postgres.crashRestart();
    fulfillmentPostgres.crashRestart();
  }

  /** Stops the fulfillment server cleanly ({@code pg_ctl stop -m fast}): an outage begins. */
  void stopFulfillmentDatabase() {
    fulfillmentPostgres.stop();
  }

  /** Starts the fulfillment server again on the same port and data: the outage ends. */
  void startFulfillmentDatabase() {
    fulfillmentPostgres.start();
  }

  /**
   * The failover: once the standby holds both shards' slots, the primary crashes and the standby is
   * promoted onto its address; every service reconnects to the same address.
   */
  synchronized void failOver() {
    if (standby == null) {
      throw new IllegalStateException("no standby to promote (plan a failover to get one)");
    }
    for (String slot : RELAY_SLOTS) {
      standby.awaitSlotSynchronised(slot, STANDBY_PATIENCE);
    }
    formerPrimary = postgres;
    postgres = standby.promote();
    standby = null;
  }

  LocalPostgres postgres() {
    return postgres;
  }

  LocalPostgres fulfillmentPostgres() {
    return fulfillmentPostgres;
  }

  /** The directories of PostgreSQL's data: the primary's, the standby's and fulfillment's. */
  List<Path> postgresDirectories() {
    return List.of(
        directory.resolve("postgres"),
        directory.resolve("postgres-standby"),
        directory.resolve("postgres-fulfillment"));
  }

  ServiceProcess kafka() {
    return kafka;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + kafkaPort;
  }

  Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            "30000"));
  }

  /** A superuser connection to {@code database} on its server, for the ledger's reads. */
  Connection connect(String database) throws SQLException {
    return server(database).connect(database);
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      try {
        if (standby != null) {
          standby.close();
        }
      } finally {
        try {
          postgres.close();
          if (formerPrimary != null) {
            formerPrimary.close();
          }
        } finally {
          fulfillmentPostgres.close();
        }
      }
    }
  }

  private static String password() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
