package dev.onceflow.benchmarks.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pure unit tests: {@code /proc} fixtures in a temporary directory, and this JVM's own entry. */
class ProcessCpuTest {

  @TempDir Path proc;

  @Test
  void readsUserAndSystemTimeCountingFieldsAfterTheLastParenthesis() {
    // A command name with a space and a parenthesis, as a thread name can be.
    ProcessCpu.Sample sample =
        ProcessCpu.parse(
            "4242 (java (main) x) S 17 4242 17 0 -1 4194560 9 0 0 0 250 75 12 3 20 0 40 0 100");

    assertThat(sample.pid()).isEqualTo(4242);
    assertThat(sample.parent()).isEqualTo(17);
    assertThat(sample.ownMillis()).isEqualTo(3_250); // (250 + 75) ticks of 10 ms
    assertThat(sample.reapedChildrenMillis()).isEqualTo(150);
  }

  @Test
  void readsThisJvm() {
    long self = ProcessHandle.current().pid();

    ProcessCpu.Sample sample = new ProcessCpu().sample(self).orElseThrow();

    assertThat(sample.pid()).isEqualTo(self);
    assertThat(sample.parent()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
    assertThat(new ProcessCpu().title(self))
        .hasValueSatisfying(t -> assertThat(t).contains("java"));
  }

  @Test
  void aGoneProcessIsEmpty() {
    assertThat(new ProcessCpu(proc).sample(99)).isEmpty();
  }

  @Test
  void classifiesPostgresChildrenByTheirTitle() {
    assertThat(
            PostgresRole.of("postgres: walsender onceflow_relay 127.0.0.1(5000) START_REPLICATION"))
        .isEqualTo(PostgresRole.WALSENDER);
    assertThat(PostgresRole.of("postgres: checkpointer")).isEqualTo(PostgresRole.BACKGROUND);
    assertThat(PostgresRole.of("postgres: autovacuum worker orders"))
        .isEqualTo(PostgresRole.BACKGROUND);
    assertThat(PostgresRole.of("postgres: order_service orders 127.0.0.1(5001) idle"))
        .isEqualTo(PostgresRole.BACKENDS);
  }

  @Test
  void meterSplitsPostgresByRoleAndKeepsTheTimeOfChildrenThatExited() throws IOException {
    process(10, 1, "postgres -D data", 100, 0);
    process(11, 10, "postgres: walsender relay 127.0.0.1(1) streaming", 50, 0);
    process(12, 10, "postgres: app orders 127.0.0.1(2) idle", 30, 0);
    process(13, 10, "postgres: checkpointer", 5, 0);
    process(20, 1, "java -jar relay.jar", 400, 0);
    CpuMeter meter =
        CpuMeter.of(
            new ProcessCpu(proc),
            List.of(CpuMeter.process("relay", 20), CpuMeter.postgres("postgres", 10)));
    CpuMeter.Reading before = meter.read();

    // The backend 12 used 20 more ticks and exited; the postmaster reaped it. A new backend came.
    process(10, 1, "postgres -D data", 101, 50);
    Files.walk(proc.resolve("12"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(ProcessCpuTest::delete);
    process(11, 10, "postgres: walsender relay 127.0.0.1(1) streaming", 90, 0);
    process(13, 10, "postgres: checkpointer", 6, 0);
    process(14, 10, "postgres: app orders 127.0.0.1(3) idle", 7, 0);
    process(20, 1, "java -jar relay.jar", 700, 0);
    CpuCost cost = meter.since(before);

    assertThat(cost.millis())
        .containsOnly(
            entry("relay", 3_000L),
            entry("postgres background", 20L), // the postmaster and the checkpointer, 1 tick each
            entry("postgres walsender", 400L),
            entry("postgres backends", 70L), // the new backend
            // The postmaster reaped 50 ticks of the exited backend, 30 of them before the interval.
            entry("postgres exited", 200L));
    assertThat(cost.millis("postgres")).isEqualTo(690L);
  }

  @Test
  void machineBusyShareLeavesIdleAndIowaitOut() {
    MachineCpu.Reading before = MachineCpu.parse("cpu  100 0 50 800 50 0 0 0 0 0");
    MachineCpu.Reading after = MachineCpu.parse("cpu  160 0 80 880 80 0 0 0 0 0");

    // 90 busy ticks (user 60 + system 30) of 200 (idle 80 and iowait 30 besides).
    assertThat(after.busyPercentSince(before)).isEqualTo(45.0);
  }

  private void process(long pid, long parent, String title, long utime, long cutime)
      throws IOException {
    Path directory = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(
        directory.resolve("stat"),
        pid
            + " (x) S "
            + parent
            + " 1 1 0 -1 0 0 0 0 0 "
            + utime
            + " 0 "
            + cutime
            + " 0 20 0 1 0 1");
    Files.writeString(directory.resolve("cmdline"), title.replace(' ', '\0'));
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
