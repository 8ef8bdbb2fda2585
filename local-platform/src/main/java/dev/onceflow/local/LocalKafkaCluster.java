package dev.onceflow.local;

import dev.onceflow.local.internal.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka cluster of three KRaft nodes on 127.0.0.1, replicated as production runs it:
 * every topic (events, consumer offsets, transaction state) has three replicas and {@code
 * min.insync.replicas=2}, so an {@code acks=all} write waits for a follower and survives one node.
 *
 * <p>Each node is broker and controller at once (combined mode): three processes instead of six,
 * the cheapest quorum that tolerates one failure on a small machine. The controllers' work is small
 * next to the brokers' once the cluster runs, and it is counted in each node's CPU.
 *
 * <p>The nodes run in this JVM ({@link #start()}), or each in a process of its own, started with
 * {@link #commandLine} ({@link LocalPlatformMain} {@code kafka}) so that each can be measured or
 * killed on its own.
 */
public final class LocalKafkaCluster implements AutoCloseable {

  /** Nodes of the cluster. */
  public static final int SIZE = 3;

  /** Replicas that must hold a write acknowledged with {@code acks=all}. */
  public static final int MIN_INSYNC_REPLICAS = 2;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  /** One node's place: its id and ports. */
  public record Node(int id, int port, int controllerPort) {}

  private final List<Node> nodes = new ArrayList<>();
  private final String clusterId = Uuid.randomUuid().toString();
  private final List<LocalKafka> running = new ArrayList<>();

  private LocalKafkaCluster() {
    for (int id = 1; id <= SIZE; id++) {
      nodes.add(new Node(id, Ports.free(), Ports.free()));
    }
  }

  /** A cluster on free ports, not started. */
  public static LocalKafkaCluster onFreePorts() {
    return new LocalKafkaCluster();
  }

  /** The nodes, in id order. */
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** {@code id@127.0.0.1:controllerPort,...}: every node's controller, the KRaft quorum. */
  public String voters() {
    return nodes.stream()
        .map(n -> n.id() + "@" + LocalKafka.HOST + ":" + n.controllerPort())
        .collect(Collectors.joining(","));
  }

  /** Every node's PLAINTEXT address, the value for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return nodes.stream()
        .map(n -> LocalKafka.HOST + ":" + n.port())
        .collect(Collectors.joining(","));
  }

  /** The arguments of {@link LocalPlatformMain} that run {@code node} with data in {@code data}. */
  public List<String> commandLine(Node node, Path data) {
    return List.of(
        "kafka",
        "--port",
        Integer.toString(node.port()),
        "--controller-port",
        Integer.toString(node.controllerPort()),
        "--data-dir",
        data.toString(),
        "--node-id",
        Integer.toString(node.id()),
        "--voters",
        voters(),
        "--cluster-id",
        clusterId,
        "--replication",
        SIZE + ":" + MIN_INSYNC_REPLICAS);
  }

  /** A node of this cluster, as a {@link LocalKafka} builder (temporary data directory). */
  LocalKafka.Builder member(Node node) {
    return LocalKafka.builder()
        .port(node.port())
        .controllerPort(node.controllerPort())
        .member(node.id(), voters(), clusterId)
        .replication(SIZE, MIN_INSYNC_REPLICAS);
  }

  /**
   * Starts every node in this JVM, together (a node's start waits for a quorum), and returns once
   * all of them are registered brokers.
   */
  public synchronized LocalKafkaCluster start() {
    List<LocalKafka> members = nodes.stream().map(n -> member(n).build()).toList();
    running.addAll(members);
    CompletableFuture.allOf(
            members.stream()
                .map(m -> CompletableFuture.runAsync(m::start, LocalKafkaCluster::onThreadOfItsOwn))
                .toArray(CompletableFuture[]::new))
        .orTimeout(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .join();
    awaitBrokers(bootstrapServers(), SIZE);
    return this;
  }

  /** Node {@code id} (1-based) as this JVM runs it. */
  public synchronized LocalKafka node(int id) {
    return running.get(id - 1);
  }

  /** Creates a topic with {@value #SIZE} replicas unless it exists. */
  public void createTopic(String name, int partitions, Map<String, String> config) {
    KafkaTopics.create(bootstrapServers(), name, partitions, SIZE, config);
  }

  /** Waits until the cluster at {@code bootstrapServers} has {@code brokers} live brokers. */
  public static void awaitBrokers(String bootstrapServers, int brokers) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = LocalKafka.admin(bootstrapServers)) {
      while (admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size() < brokers) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the cluster at " + bootstrapServers + " has fewer than " + brokers + " brokers");
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the cluster", e);
    } catch (Exception e) {
      throw new IllegalStateException("the cluster at " + bootstrapServers + " is not ready", e);
    }
  }

  /** Stops every node this JVM runs and deletes their data. */
  @Override
  public synchronized void close() {
    // Together: a node stopping alone waits for a controller quorum to accept its shutdown.
    CompletableFuture.allOf(
            running.stream()
                .map(m -> CompletableFuture.runAsync(m::close, LocalKafkaCluster::onThreadOfItsOwn))
                .toArray(CompletableFuture[]::new))
        .join();
    running.clear();
  }

  /** Every node at once, whatever the common pool's size: a node's start waits for the others. */
  private static void onThreadOfItsOwn(Runnable task) {
    new Thread(task, "local-kafka-cluster").start();
  }

  @Override
  public String toString() {
    return "PLAINTEXT://" + bootstrapServers();
  }
}
