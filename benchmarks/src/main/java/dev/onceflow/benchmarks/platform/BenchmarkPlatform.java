package dev.onceflow.benchmarks.platform;

import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.local.KafkaTopics;
import dev.onceflow.local.LocalKafka;
import dev.onceflow.local.LocalKafkaCluster;
import dev.onceflow.local.LocalPlatformMain;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.PlatformEndpoints;
import dev.onceflow.local.PlatformService;
import dev.onceflow.local.PlatformTopology;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.ServiceProcessBuilder;
import dev.onceflow.local.internal.Passwords;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * What every benchmark runs on: PostgreSQL (its own processes) and a Kafka broker (KRaft, one node;
 * or a replicated cluster of three, {@link #startReplicated}) in a JVM of its own, started through
 * local-platform's launcher as {@code ./onceflow up} starts it. Each is a process of its own, so
 * that {@link CpuMeter} can say what each one costs; the benchmark's JVM only drives and observes.
 */
public final class BenchmarkPlatform implements AutoCloseable {

  /** JVM options of the broker; its heap is not what a benchmark measures. */
  public static final List<String> BROKER_JVM = List.of("-Xmx1g");

  /**
   * The service token of this run: order-service and inbox-consumer demand it, the loads present
   * it. Random per run, never written anywhere but the children's environment.
   */
  public static final String SERVICE_TOKEN = "benchmark-" + java.util.UUID.randomUUID();

  private static final Duration START = Duration.ofMinutes(3);

  private final LocalPostgres postgres;
  private final List<ServiceProcess> brokers;
  private final String bootstrapServers;
  private final int replicas;
  private final Path logs;
  private final Map<String, String> passwords = new ConcurrentHashMap<>();

  private BenchmarkPlatform(
      LocalPostgres postgres,
      List<ServiceProcess> brokers,
      String bootstrapServers,
      int replicas,
      Path logs) {
    this.postgres = postgres;
    this.brokers = brokers;
    this.bootstrapServers = bootstrapServers;
    this.replicas = replicas;
    this.logs = logs;
  }

  /**
   * Starts PostgreSQL with {@code serverConfig} on top of local-platform's settings, and the
   * broker; logs go to {@code logs}.
   */
  public static BenchmarkPlatform start(Map<String, String> serverConfig, Path logs) {
    try {
      Files.createDirectories(logs);
      int port = freePort();
      ServiceProcess broker =
          ServiceProcess.builder("kafka")
              .mainClass(classPath(), LocalPlatformMain.class.getName())
              .jvmOptions(BROKER_JVM)
              .arguments(
                  "kafka",
                  "--port",
                  Integer.toString(port),
                  "--data-dir",
                  Files.createTempDirectory("onceflow-bench-kafka-").toString())
              .readyLine(LocalPlatformMain.READY)
              .logFile(logs.resolve("kafka.log"))
              .build()
              .start();
      LocalPostgres started = startPostgres(serverConfig);
      broker.awaitReady(START);
      return new BenchmarkPlatform(started, List.of(broker), LocalKafka.HOST + ":" + port, 1, logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As {@link #start}, but Kafka as production runs it: a {@link LocalKafkaCluster} of three nodes
   * (each broker and controller), each in a JVM of its own so that each one's CPU is measured;
   * topics created here have three replicas, and every one (the internal ones too) {@code
   * min.insync.replicas=2}.
   */
  public static BenchmarkPlatform startReplicated(Map<String, String> serverConfig, Path logs) {
    try {
      Files.createDirectories(logs);
      LocalKafkaCluster cluster = LocalKafkaCluster.onFreePorts();
      List<ServiceProcess> brokers = new ArrayList<>();
      for (LocalKafkaCluster.Node node : cluster.nodes()) {
        Path data = Files.createTempDirectory("onceflow-bench-kafka-" + node.id() + "-");
        brokers.add(
            ServiceProcess.builder("kafka-" + node.id())
                .mainClass(classPath(), LocalPlatformMain.class.getName())
                .jvmOptions(BROKER_JVM)
                .arguments(cluster.commandLine(node, data).toArray(String[]::new))
                .readyLine(LocalPlatformMain.READY)
                .logFile(logs.resolve("kafka-" + node.id() + ".log"))
                .build()
                .start());
      }
      LocalPostgres started = startPostgres(serverConfig);
      brokers.forEach(broker -> broker.awaitReady(START));
      LocalKafkaCluster.awaitBrokers(cluster.bootstrapServers(), LocalKafkaCluster.SIZE);
      return new BenchmarkPlatform(
          started, List.copyOf(brokers), cluster.bootstrapServers(), LocalKafkaCluster.SIZE, logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates every database and role of {@code topology} on this PostgreSQL (owners, and the relay's
   * replication role), each role with a random password of this run.
   */
  public void provision(PlatformTopology topology) {
    topology.provision(database -> postgres, this::password);
  }

  /** The password of database role {@code role} in this run. */
  public String password(String role) {
    return passwords.computeIfAbsent(role, r -> Passwords.random());
  }

  /**
   * Service {@code name} of {@code topology} run from {@code jar}, with the environment the
   * topology gives it on this platform (endpoints, credentials, the run's service token).
   */
  public ServiceProcessBuilder service(PlatformTopology topology, String name, Path jar) {
    PlatformService service = topology.service(name);
    return ServiceProcess.builder(name)
        .jar(jar)
        .environment(topology.environment(service, endpoints()).all());
  }

  /** Where this platform's pieces are, for {@link PlatformTopology#environment}. */
  public PlatformEndpoints endpoints() {
    return new PlatformEndpoints() {
      @Override
      public String kafkaBootstrapServers() {
        return bootstrapServers();
      }

      @Override
      public int databasePort(String database) {
        return postgres.port();
      }

      @Override
      public String password(String role) {
        return BenchmarkPlatform.this.password(role);
      }

      @Override
      public String serviceToken() {
        return SERVICE_TOKEN;
      }

      @Override
      public String adminPassword() {
        return password("dashboard-admin");
      }

      @Override
      public URI url(String service) {
        throw new UnsupportedOperationException(
            "a benchmark starts its services itself: pass " + service + "'s URL explicitly");
      }
    };
  }

  public LocalPostgres postgres() {
    return postgres;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The Kafka brokers' processes: one, or the three of a replicated platform. */
  public List<ServiceProcess> brokers() {
    return brokers;
  }

  /** Where the benchmark's processes log. */
  public Path logs() {
    return logs;
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return LocalKafka.admin(bootstrapServers());
  }

  /**
   * Creates a topic with topic-level {@code config}: one replica, or three on a replicated
   * platform.
   */
  public void createTopic(String name, int partitions, Map<String, String> config) {
    KafkaTopics.create(bootstrapServers(), name, partitions, replicas, config);
  }

  /**
   * Starts a PostgreSQL cluster of its own with {@code serverConfig} on top of local-platform's
   * settings: the platform's, or one a benchmark keeps apart (a walsender reads the WAL of every
   * database in its cluster).
   */
  public static LocalPostgres startPostgres(Map<String, String> serverConfig) {
    LocalPostgres.Builder builder = LocalPostgres.builder();
    serverConfig.forEach(builder::serverConfig);
    return builder.build().start();
  }

  /** PostgreSQL and the broker, as {@link CpuMeter} participants. */
  public List<CpuMeter.Participant> cpuParticipants() {
    return cpuParticipants(postgres);
  }

  /** {@code cluster} (instead of the platform's PostgreSQL) and the broker. */
  public List<CpuMeter.Participant> cpuParticipants(LocalPostgres cluster) {
    List<CpuMeter.Participant> participants = new ArrayList<>();
    participants.add(CpuMeter.postgres("postgres", cluster.postmasterPid().orElseThrow()));
    if (brokers.size() == 1) {
      participants.add(CpuMeter.process("kafka broker", brokers.get(0).pid()));
    } else {
      for (int i = 0; i < brokers.size(); i++) {
        participants.add(CpuMeter.process("kafka broker " + (i + 1), brokers.get(i).pid()));
      }
    }
    return participants;
  }

  @Override
  public void close() {
    try (postgres) {
      // Every broker at once: a node of a cluster stopping alone waits for a quorum to let it go.
      List<Thread> closing = new ArrayList<>();
      for (ServiceProcess broker : brokers) {
        Thread thread = new Thread(broker::close, "close-" + broker.name());
        thread.start();
        closing.add(thread);
      }
      for (Thread thread : closing) {
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This JVM's class path, absolute: the benchmark jar's manifest names its libraries. */
  public static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.add(Path.of(entry).toAbsolutePath().toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
