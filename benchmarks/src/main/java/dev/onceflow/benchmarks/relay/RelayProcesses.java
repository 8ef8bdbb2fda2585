package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.PackagedRelay;
import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.benchmarks.polling.PollingRelay;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceProcess;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The processes a {@link RelayUnderTest} runs: the packaged CDC relay or the polling baseline. */
final class RelayProcesses {

  private RelayProcesses() {}

  /**
   * The packaged outbox-relay of shard {@code name} in {@code kind}'s delivery mode, with the
   * timeouts a paused process needs.
   */
  static ServiceProcess cdc(
      BenchmarkPlatform platform,
      LocalPostgres postgres,
      ShardDatabase database,
      RelayUnderTest.Kind kind,
      String name,
      RelayOptions options)
      throws IOException {
    return PackagedRelay.builder(
            platform,
            postgres,
            database,
            name,
            name,
            kind.label,
            options.relayJar(),
            options.relayJvm(),
            options.relayConfig())
        // Only for the pauses: a stopped JVM's timeouts keep counting, and an expired one would
        // make the drain measure a restart instead of the relay.
        .systemProperty("kafka.transaction.timeout.ms", "600000")
        .systemProperty("onceflow.relay.debezium.lsn.flush.timeout.ms", "600000")
        // The shard lock's session would end after 10 s idle, and the resumed relay would stand
        // down and start its engine again, re-decoding from the slot's restart LSN.
        .systemProperty("onceflow.relay.lock-session-timeout", "10m")
        .build();
  }

  /**
   * The polling baseline of database {@code name}, as a role that may read, lock and delete outbox
   * rows and nothing else ({@code FOR UPDATE} needs the {@code UPDATE} privilege); its password in
   * its environment.
   */
  static ServiceProcess polling(
      BenchmarkPlatform platform, LocalPostgres postgres, String name, RelayOptions options)
      throws SQLException {
    String role = name + "_poller";
    String password = UUID.randomUUID().toString();
    postgres.ensureRole(role, password, false);
    try (Connection superuser = postgres.connect(name);
        Statement statement = superuser.createStatement()) {
      statement.execute("GRANT SELECT, UPDATE, DELETE ON outbox_event TO " + role);
    }
    return ServiceProcess.builder(name)
        .mainClass(BenchmarkPlatform.classPath(), PollingRelay.class.getName())
        .jvmOptions(options.relayJvm())
        .environment(PollingRelay.PASSWORD_VARIABLE, password)
        .arguments(
            "--jdbc-url", postgres.jdbcUrl(name),
            "--user", role,
            "--bootstrap-servers", platform.bootstrapServers(),
            "--topic-prefix", name + "." + OnceflowTopics.EVENT_TOPIC_PREFIX,
            "--batch-size", Integer.toString(options.pollBatchSize()),
            "--poll-interval-ms", Long.toString(options.pollIntervalMs()))
        .readyLine(PollingRelay.READY)
        .logFile(platform.logs().resolve(name + ".log"))
        .build();
  }
}
