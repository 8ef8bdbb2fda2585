package dev.onceflow.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * The configuration of a {@link LocalKafka} node, a combined KRaft broker and controller on {@link
 * LocalKafka#HOST}: its {@code server.properties} and the storage formatted with it.
 *
 * @param quorumVoters {@code id@host:port,...}, every controller of the cluster
 * @param dataDirectory holds {@code server.properties} and the logs under {@code log/}
 * @param replicationFactor of new topics and of the internal ones
 * @param minInsyncReplicas of every topic
 * @param overrides broker settings that replace this class's defaults
 */
record KafkaNodeConfig(
    int nodeId,
    String quorumVoters,
    int port,
    int controllerPort,
    Path dataDirectory,
    int replicationFactor,
    int minInsyncReplicas,
    Map<String, String> overrides) {

  KafkaNodeConfig {
    if (minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "min.insync.replicas "
              + minInsyncReplicas
              + " > replication factor "
              + replicationFactor);
    }
    overrides = new LinkedHashMap<>(overrides);
  }

  /** The broker settings. */
  Properties properties() {
    String host = LocalKafka.HOST;
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", Integer.toString(nodeId));
    config.put("controller.quorum.voters", quorumVoters);
    config.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("log.dirs", dataDirectory.resolve("log").toString());
    // A single node: every replicated thing has one replica and an in-sync set of one. A member of
    // a cluster (LocalKafkaCluster) replicates them as a production cluster does.
    String replicas = Integer.toString(replicationFactor);
    String minInsync = Integer.toString(minInsyncReplicas);
    config.put("offsets.topic.replication.factor", replicas);
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.replication.factor", replicas);
    config.put("transaction.state.log.min.isr", minInsync);
    config.put("transaction.state.log.num.partitions", "1");
    config.put("share.coordinator.state.topic.replication.factor", replicas);
    config.put("share.coordinator.state.topic.min.isr", minInsync);
    config.put("default.replication.factor", replicas);
    config.put("min.insync.replicas", minInsync);
    config.put("num.partitions", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's default 128 MiB dedupe buffer is most of the broker's heap.
    config.put("log.cleaner.dedupe.buffer.size", "4194304");
    // After a kill -9 the restarted controller waits out the dead incarnation's session before the
    // broker can re-register: 9 s by default, 3 s here. Heartbeats stay on loopback in one JVM.
    config.put("broker.session.timeout.ms", "3000");
    config.put("broker.heartbeat.interval.ms", "500");
    // Two cores on the machines this runs on: fewer threads than the defaults for a server.
    config.put("num.network.threads", "2");
    config.put("num.io.threads", "4");
    config.put("num.recovery.threads.per.data.dir", "2");
    config.putAll(overrides);
    Properties properties = new Properties();
    properties.putAll(config);
    return properties;
  }

  /** Writes {@code properties} to {@code server.properties} in the data directory. */
  void write(Properties properties) {
    try {
      Files.createDirectories(dataDirectory);
      try (Writer writer =
          Files.newBufferedWriter(
              dataDirectory.resolve("server.properties"), StandardCharsets.UTF_8)) {
        properties.store(writer, "Written by dev.onceflow.local.LocalKafka on every start");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the broker configuration", e);
    }
  }

  /**
   * Formats new storage only, with {@code clusterId} (null: a random one): formatting again, even
   * with --ignore-formatted, checks the cluster id.
   */
  void formatStorage(String clusterId) {
    if (Files.exists(dataDirectory.resolve("log").resolve("meta.properties"))) {
      return;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode =
        StorageTool.execute(
            new String[] {
              "format",
              "--config",
              dataDirectory.resolve("server.properties").toString(),
              "--cluster-id",
              clusterId == null ? Uuid.randomUuid().toString() : clusterId,
              "--ignore-formatted"
            },
            new PrintStream(output, true, StandardCharsets.UTF_8));
    if (exitCode != 0) {
      throw new IllegalStateException(
          "cannot format " + dataDirectory + ": " + output.toString(StandardCharsets.UTF_8));
    }
  }
}
