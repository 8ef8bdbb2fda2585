package dev.onceflow.local;

import dev.onceflow.local.internal.Directories;
import dev.onceflow.local.internal.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside
 * this JVM, on 127.0.0.1.
 *
 * <p>Every internal topic has one replica and one partition (three replicas as a member of a {@link
 * LocalKafkaCluster}), transactions work, and a data directory given to the builder keeps topics
 * and committed offsets across {@link #restart()} and across JVMs. Without one a temporary
 * directory is used and deleted by {@link #close()}. To kill the broker abruptly, run it in its own
 * process ({@link LocalPlatformMain} {@code kafka}).
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.builder().build().start()) {
 *   kafka.createTopic("outbox.event.order", 3, Map.of());
 *   String servers = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class LocalKafka implements AutoCloseable {

  /** The host the broker listens on and advertises. */
  public static final String HOST = "127.0.0.1";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final int port;
  private final int controllerPort;
  private final Path dataDirectory;
  private final boolean temporary;
  private final KafkaNodeConfig nodeConfig;
  private final String clusterId;

  private final boolean attached;
  private KafkaRaftServer server;

  private LocalKafka(Builder builder) {
    this.port = Ports.orFree(builder.port);
    int controller = Ports.orFree(builder.controllerPort);
    // A free port is free only until bound: the OS may hand out the broker's port, given but not
    // bound yet, again (AtLeastOnceContrastIT's broker failed so once). Pick another.
    while (builder.controllerPort == 0 && controller == port) {
      controller = Ports.free();
    }
    this.controllerPort = controller;
    if (port == controllerPort) {
      throw new IllegalArgumentException("broker and controller ports must differ: " + port);
    }
    this.temporary = builder.dataDirectory == null;
    this.dataDirectory =
        temporary
            ? Directories.temporary("onceflow-kafka-")
            : builder.dataDirectory.toAbsolutePath();
    this.nodeConfig =
        new KafkaNodeConfig(
            builder.nodeId,
            builder.quorumVoters == null
                ? builder.nodeId + "@" + HOST + ":" + controllerPort
                : builder.quorumVoters,
            port,
            controllerPort,
            dataDirectory,
            builder.replicationFactor,
            builder.minInsyncReplicas,
            builder.brokerConfig);
    this.clusterId = builder.clusterId;
    this.attached = builder.attached;
  }

  /**
   * A handle on a broker that another {@code LocalKafka}, in another class loader, runs: clients
   * and topics work through it, stopping and starting do not.
   */
  static LocalKafka attach(int port, int controllerPort, Path dataDirectory) {
    Builder builder =
        builder().port(port).controllerPort(controllerPort).dataDirectory(dataDirectory);
    builder.attached = true;
    return builder.build();
  }

  /** A builder with free ports and a temporary data directory. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the storage if it is new, starts the broker and waits until it answers {@code
   * describeCluster}.
   *
   * @return this broker, for chaining
   */
  public synchronized LocalKafka start() {
    requireOwned();
    if (server != null) {
      throw new IllegalStateException("Kafka is already running on port " + port);
    }
    Properties properties = nodeConfig.properties();
    nodeConfig.write(properties);
    nodeConfig.formatStorage(clusterId);
    KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
    try {
      started.startup();
      awaitReady();
    } catch (RuntimeException e) {
      started.shutdown();
      started.awaitShutdown();
      throw e;
    }
    server = started;
    return this;
  }

  /** Shuts the broker down cleanly and keeps the data directory. */
  public synchronized void stop() {
    requireOwned();
    if (server != null) {
      KafkaRaftServer stopping = server;
      server = null;
      stopping.shutdown();
      stopping.awaitShutdown();
    }
  }

  /** {@link #stop()} then {@link #start()} on the same ports and data directory. */
  public LocalKafka restart() {
    stop();
    return start();
  }

  /**
   * Stops the broker; deletes the data directory when it was temporary. A no-op on a handle on
   * another class loader's broker.
   */
  @Override
  public synchronized void close() {
    if (attached) {
      return;
    }
    try {
      stop();
    } finally {
      if (temporary) {
        Directories.deleteRecursively(dataDirectory);
      }
    }
  }

  /** Whether the broker is running (always true for a handle on another class loader's broker). */
  public synchronized boolean isRunning() {
    return attached || server != null;
  }

  /** The broker's PLAINTEXT port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The KRaft controller's port on 127.0.0.1 (clients never use it). */
  public int controllerPort() {
    return controllerPort;
  }

  /** {@code 127.0.0.1:<port>}, the value for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The broker's data directory: {@code server.properties} and the logs under {@code log/}. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    return admin(bootstrapServers());
  }

  /**
   * A new admin client for the broker at {@code bootstrapServers}, e.g. one this class runs in
   * another JVM (the launcher's {@code kafka} command); the caller closes it.
   */
  public static Admin admin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            "30000"));
  }

  /**
   * Creates a topic unless it exists, with one replica (a cluster member's: its replication
   * factor). An existing topic is left as it is, even if its partition count or configuration
   * differ.
   *
   * @param config topic-level configuration, e.g. {@code cleanup.policy=compact}
   */
  public void createTopic(String name, int partitions, Map<String, String> config) {
    KafkaTopics.create(
        bootstrapServers(), name, partitions, nodeConfig.replicationFactor(), config);
  }

  @Override
  public String toString() {
    return "PLAINTEXT://" + bootstrapServers();
  }

  private void requireOwned() {
    if (attached) {
      throw new UnsupportedOperationException(
          "the broker on "
              + bootstrapServers()
              + " runs in another class loader: start and stop a LocalKafka of your own");
    }
  }

  private void awaitReady() {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Kafka on " + bootstrapServers() + " did not become ready", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for Kafka", e);
    }
  }

  /** Options for a {@link LocalKafka}; every one has a default. */
  public static final class Builder {
    private int port;
    private int controllerPort;
    private Path dataDirectory;
    private final Map<String, String> brokerConfig = new LinkedHashMap<>();
    private boolean attached;
    private int nodeId = 1;
    private String quorumVoters;
    private String clusterId;
    private int replicationFactor = 1;
    private int minInsyncReplicas = 1;

    private Builder() {}

    /**
     * Makes this node member {@code nodeId} of a cluster whose controllers are {@code voters}
     * ({@code id@host:port,...}, every member's controller port) and whose storage is formatted
     * with {@code clusterId}. Without it the node is a cluster of its own.
     */
    public Builder member(int nodeId, String voters, String clusterId) {
      this.nodeId = nodeId;
      this.quorumVoters = voters;
      this.clusterId = clusterId;
      return this;
    }

    /**
     * Replication of new topics and of the internal ones (consumer offsets, transaction state):
     * {@code factor} replicas, writes with {@code acks=all} needing {@code minInsync} of them.
     * Defaults to 1 and 1, all a single node can give.
     */
    public Builder replication(int factor, int minInsync) {
      this.replicationFactor = factor;
      this.minInsyncReplicas = minInsync;
      return this;
    }

    /** The broker's port on 127.0.0.1; 0 (the default) picks a free one, kept across restarts. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The controller's port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    /**
     * A data directory kept between runs (created if missing). Without one, a temporary directory
     * is used and deleted by {@link LocalKafka#close()}.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /** A broker setting ({@code server.properties} key); overrides this class's defaults. */
    public Builder brokerConfig(String key, String value) {
      brokerConfig.put(key, value);
      return this;
    }

    /** A stopped broker with these options; call {@link LocalKafka#start()}. */
    public LocalKafka build() {
      return new LocalKafka(this);
    }
  }
}
