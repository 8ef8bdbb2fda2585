package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.benchmarks.BenchmarkOptions;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.ServiceEnvironment;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.ServiceProcessBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The packaged dashboard ({@code quarkus-run.jar}, production profile) as a process reading the
 * benchmark's broker. The services it scrapes point at a closed port, as when they are down.
 */
final class PackagedDashboard {

  /** The dashboard's own consumer group unless told otherwise. */
  static final String CONSUMER_GROUP = "onceflow-dashboard";

  private static final String UNREACHABLE = "http://127.0.0.1:1";
  private static final Duration STARTUP = Duration.ofMinutes(3);

  private PackagedDashboard() {}

  /** {@code --dashboard-jar}: the packaged dashboard, by default the one this tree builds. */
  static Path jar(BenchmarkOptions values) {
    return values.existingFile(
        "dashboard-jar",
        "dashboard/target/quarkus-app/quarkus-run.jar",
        "mvn -q -pl benchmarks,dashboard -am -DskipTests package");
  }

  /** {@code --dashboard-jvm}: by default the heap k8s/base/dashboard.yaml's memory limit sizes. */
  static List<String> jvm(BenchmarkOptions values) {
    return values.words("dashboard-jvm", "-Xmx256m");
  }

  /** Creates the topics the dashboard reads, partitioned as the platform's. */
  static void createTopics(BenchmarkPlatform kafka) throws Exception {
    kafka.createTopic(OnceflowTopics.ORDER_EVENTS, 4, Map.of());
    kafka.createTopic(OnceflowTopics.INBOX_JOURNAL, 1, Map.of());
    kafka.createTopic(OnceflowTopics.DEAD_LETTERS, 1, Map.of());
  }

  /**
   * Starts dashboard {@code name} reading as consumer group {@code group}, with {@code environment}
   * on top of its defaults, and waits until it is ready and its consumer owns the event topic's
   * partitions.
   */
  static ServiceProcess start(
      BenchmarkPlatform kafka,
      String name,
      String group,
      Path jar,
      List<String> jvm,
      Map<String, String> environment)
      throws Exception {
    ServiceProcessBuilder builder =
        ServiceProcess.builder(name)
            .jar(jar)
            .jvmOptions(jvm)
            .environment(ServiceEnvironment.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .environment("ONCEFLOW_DASHBOARD_CONSUMER_GROUP", group)
            .environment("ONCEFLOW_DASHBOARD_ORDER_SERVICE_URL", UNREACHABLE)
            .environment("ONCEFLOW_DASHBOARD_RELAY_URL", UNREACHABLE)
            .environment("ONCEFLOW_DASHBOARD_INBOX_CONSUMER_URL", UNREACHABLE)
            .environment("ONCEFLOW_DASHBOARD_ADMIN_USERNAME", "admin")
            .environment("ONCEFLOW_DASHBOARD_ADMIN_PASSWORD", "benchmark-" + System.nanoTime())
            .logFile(kafka.logs().resolve(name + ".log"));
    environment.forEach(builder::environment);
    ServiceProcess dashboard = builder.build();
    try {
      dashboard.start().awaitReady(STARTUP);
      awaitAssignment(kafka, dashboard, group);
    } catch (Exception | Error e) {
      dashboard.close();
      throw e;
    }
    return dashboard;
  }

  /** Waits until consumer group {@code group} owns the event topic's partitions. */
  private static void awaitAssignment(
      BenchmarkPlatform kafka, ServiceProcess dashboard, String group) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try (Admin admin = kafka.admin()) {
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription description;
        try {
          description =
              admin
                  .describeConsumerGroups(List.of(group))
                  .all()
                  .get(10, TimeUnit.SECONDS)
                  .get(group);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw e;
          }
          DashboardBenchmark.pause(Duration.ofMillis(200)); // not joined yet
          continue;
        }
        boolean assigned =
            description.members().stream()
                .flatMap(m -> m.assignment().topicPartitions().stream())
                .anyMatch(tp -> tp.topic().equals(OnceflowTopics.ORDER_EVENTS));
        if (assigned) {
          return;
        }
        DashboardBenchmark.pause(Duration.ofMillis(200));
      }
    }
    throw new IllegalStateException(
        dashboard.name()
            + "'s consumer got no partition within a minute:\n"
            + dashboard.logTail(40));
  }
}
