package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.local.internal.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link LocalPlatformMain} as the launcher does: in child JVMs, stopped by signals. */
class LocalPlatformMainTest {

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    children.forEach(Process::destroyForcibly);
  }

  @Test
  void postgresPrintsReadyCreatesTheDatabaseAndStopsOnSigterm(@TempDir Path directory)
      throws Exception {
    int port = Ports.free();
    Child postgres =
        start(
            Map.of("ONCEFLOW_DB_PASSWORD_ORDER_SERVICE", "order-secret"),
            "postgres",
            "--port",
            Integer.toString(port),
            "--data-dir",
            directory.toString(),
            "--database",
            "orders:order_service");

    assertThat(postgres.awaitReady()).contains("postgres: postgresql://127.0.0.1:" + port);
    LocalPostgres view = LocalPostgres.builder().dataDirectory(directory).port(port).build();
    long postmaster = view.postmasterPid().orElseThrow();
    try (Connection connection = view.connect("orders", "order_service", "order-secret")) {
      assertThat(connection.isValid(5)).isTrue();
    }

    sigterm(postgres.process);

    assertThat(postgres.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void postgresStopsWhenItsJvmIsKilled(@TempDir Path directory) throws Exception {
    int port = Ports.free();
    Child postgres =
        start(
            Map.of(),
            "postgres",
            "--port",
            Integer.toString(port),
            "--data-dir",
            directory.toString());
    postgres.awaitReady();
    long postmaster =
        LocalPostgres.builder()
            .dataDirectory(directory)
            .port(port)
            .build()
            .postmasterPid()
            .orElseThrow();

    postgres.process.destroyForcibly(); // SIGKILL: no shutdown hook runs

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false) == false);
  }

  @Test
  void postgresRefusesToStartWithoutTheRolePassword(@TempDir Path directory) throws Exception {
    Child postgres =
        start(
            Map.of(),
            "postgres",
            "--port",
            "0",
            "--data-dir",
            directory.toString(),
            "--database",
            "orders:order_service");

    assertThat(postgres.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(postgres.process.exitValue()).isEqualTo(2);
    assertThat(postgres.output.get(60, TimeUnit.SECONDS))
        .contains("ONCEFLOW_DB_PASSWORD_ORDER_SERVICE is not set");
  }

  @Test
  void kafkaComesBackOnTheSamePortWithItsTopicsAfterSigkill(@TempDir Path directory)
      throws Exception {
    int port = Ports.free();
    String[] args = {"kafka", "--port", Integer.toString(port), "--data-dir", directory.toString()};
    Child first = start(Map.of(), args);
    assertThat(first.awaitReady()).contains("kafka: PLAINTEXT://127.0.0.1:" + port);
    try (Admin admin = admin(port)) {
      admin
          .createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("kept", 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    first.process.destroyForcibly(); // SIGKILL: no clean shutdown
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Child second = start(Map.of(), args);
    assertThat(second.awaitReady()).contains("kafka: PLAINTEXT://127.0.0.1:" + port);
    try (Admin admin = admin(port)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                      .contains("kept"));
    }
    sigterm(second.process);
    assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.output.get(10, TimeUnit.SECONDS)).contains("kafka: stopped");
  }

  @Test
  void aClusterOfThreeProcessesKeepsTransactionalWritesWhenTheLeaderIsKilled(
      @TempDir Path directory) throws Exception {
    LocalKafkaCluster cluster = LocalKafkaCluster.onFreePorts();
    List<Child> nodes = new ArrayList<>();
    for (LocalKafkaCluster.Node node : cluster.nodes()) {
      Path data = directory.resolve("node-" + node.id());
      nodes.add(start(Map.of(), cluster.commandLine(node, data).toArray(String[]::new)));
    }
    for (Child node : nodes) {
      node.awaitReady();
    }
    LocalKafkaCluster.awaitBrokers(cluster.bootstrapServers(), LocalKafkaCluster.SIZE);
    String topic = "replicated";
    cluster.createTopic(topic, 1, Map.of());
    commit(cluster, topic, "before-the-kill");
    int leader;
    try (Admin admin = LocalKafka.admin(cluster.bootstrapServers())) {
      leader =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .get(0)
              .leader()
              .id();
    }

    Process killed = nodes.get(leader - 1).process;
    killed.destroyForcibly(); // SIGKILL: the partition's leader, no clean shutdown
    assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    commit(cluster, topic, "after-the-kill");

    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "replicated-reader",
                "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                assertThat(seen).containsExactly("before-the-kill", "after-the-kill");
              });
    }
  }

  /** One record in a transaction with {@code acks=all}: on this cluster, two replicas hold it. */
  private static void commit(LocalKafkaCluster cluster, String topic, String value) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "transactional.id", "replicated-writer",
                "acks", "all"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", value));
      producer.commitTransaction();
    }
  }

  /** SIGTERM without closing our end of the pipes, as {@code Process.destroy()} would. */
  private static void sigterm(Process process) {
    process.toHandle().destroy();
  }

  private static Admin admin(int port) {
    return Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port));
  }

  private Child start(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LocalPlatformMain.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("ONCEFLOW_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    children.add(process);
    return new Child(process);
  }

  /** A child JVM whose output is collected on another thread, with a signal at the READY line. */
  private static final class Child {
    final Process process;
    final CompletableFuture<String> ready = new CompletableFuture<>();
    final CompletableFuture<String> output = new CompletableFuture<>();

    Child(Process process) {
      this.process = process;
      CompletableFuture.runAsync(this::collect);
    }

    String awaitReady() throws Exception {
      return ready.get(90, TimeUnit.SECONDS);
    }

    private void collect() {
      StringBuilder text = new StringBuilder();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          text.append(line).append('\n');
          if (line.equals(LocalPlatformMain.READY)) {
            ready.complete(text.toString());
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new IllegalStateException("exited before READY:\n" + text));
      output.complete(text.toString());
    }
  }
}
