package dev.onceflow.benchmarks.platform;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceEnvironment;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.ServiceProcessBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The packaged outbox-relay ({@code quarkus-run.jar}) as a process of one shard: every instance of
 * shard {@code shard} reads the shard's database through its slot and publishes to {@code
 * <shard>.outbox.event.*}, with its offsets in {@code <shard>.onceflow.relay.offsets}.
 */
public final class PackagedRelay {

  private PackagedRelay() {}

  /** The event topic of aggregate type {@code order} for {@code shard}. */
  public static String orderTopic(String shard) {
    return shard + "." + OnceflowTopics.ORDER_EVENTS;
  }

  /**
   * A builder of relay instance {@code instance} of {@code shard} in {@code delivery} mode ({@code
   * exactly-once} or {@code at-least-once}), with {@code config} ({@code onceflow.relay.*=value})
   * on top of the shipped defaults; the caller may add more and builds it.
   */
  public static ServiceProcessBuilder builder(
      BenchmarkPlatform platform,
      ShardDatabase database,
      String shard,
      String instance,
      String delivery,
      Path jar,
      List<String> jvm,
      Map<String, String> config)
      throws IOException {
    return builder(
        platform, platform.postgres(), database, shard, instance, delivery, jar, jvm, config);
  }

  /** As above, reading {@code database} on {@code postgres} instead of the platform's cluster. */
  public static ServiceProcessBuilder builder(
      BenchmarkPlatform platform,
      LocalPostgres postgres,
      ShardDatabase database,
      String shard,
      String instance,
      String delivery,
      Path jar,
      List<String> jvm,
      Map<String, String> config)
      throws IOException {
    ServiceProcessBuilder builder = ServiceProcess.builder(instance);
    config.forEach(builder::systemProperty);
    return builder
        .jar(jar)
        .jvmOptions(jvm)
        .systemProperty("onceflow.relay.delivery", delivery)
        .systemProperty("onceflow.relay.shard-id", shard)
        .systemProperty("onceflow.relay.slot", shard)
        .systemProperty(
            "onceflow.relay.topic-prefix", shard + "." + OnceflowTopics.EVENT_TOPIC_PREFIX)
        .systemProperty("onceflow.relay.offsets-topic", shard + "." + OnceflowTopics.RELAY_OFFSETS)
        // A fresh file: one left by an earlier run would point into another cluster's WAL.
        .systemProperty(
            "onceflow.relay.offsets-file",
            Files.createTempDirectory("onceflow-bench-").resolve(shard + ".offsets").toString())
        .environment(ServiceEnvironment.RELAY_HOST, LocalPostgres.HOST)
        .environment(ServiceEnvironment.RELAY_PORT, Integer.toString(postgres.port()))
        .environment(ServiceEnvironment.RELAY_DATABASE, database.name())
        .environment(ServiceEnvironment.RELAY_USER, database.relayRole())
        .environment(ServiceEnvironment.RELAY_PASSWORD, database.relayPassword())
        .environment(ServiceEnvironment.KAFKA_BOOTSTRAP_SERVERS, platform.bootstrapServers())
        .logFile(platform.logs().resolve(instance + ".log"));
  }
}
