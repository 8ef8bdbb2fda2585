package dev.onceflow.benchmarks.relay;

import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.RELAY_EVENTS_PUBLISHED;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;

import dev.onceflow.benchmarks.cost.CpuCost;
import dev.onceflow.benchmarks.cost.CpuMeter;
import dev.onceflow.benchmarks.platform.BenchmarkPlatform;
import dev.onceflow.benchmarks.platform.PackagedRelay;
import dev.onceflow.benchmarks.platform.RelayReadiness;
import dev.onceflow.benchmarks.platform.ShardDatabase;
import dev.onceflow.benchmarks.polling.PollingRelay;
import dev.onceflow.local.LocalPostgres;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.UnixSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * One relay under test with its own database, event topic and process: the CDC relay (packaged
 * outbox-relay, exactly-once or at-least-once) or the polling baseline ({@link PollingRelay}). It
 * waits paused (SIGSTOP, {@link #pause}) while a backlog is written, and {@link #drain} times it
 * from SIGCONT to the broker's append time of the last event.
 */
public final class RelayUnderTest implements AutoCloseable {

  static final int PARTITIONS = 3;
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  /** What the relay is: its name in figures, and how it runs. */
  public enum Kind {
    EXACTLY_ONCE("exactly-once", "eos"),
    AT_LEAST_ONCE("at-least-once", "alo"),
    POLLING("polling", "polling");

    public final String label;

    /** Its name in figure keys ({@code relay.eos_...}). */
    public final String key;

    Kind(String label, String key) {
      this.label = label;
      this.key = key;
    }
  }

  /** One timed drain: its rate, and the CPU each process spent on it. */
  public record Drain(long events, double seconds, CpuCost cpu) {
    public double rate() {
      return events / seconds;
    }
  }

  private final BenchmarkPlatform platform;
  private final Kind kind;
  private final String name;
  private final String topic;
  private final RelayOptions options;
  private final LocalPostgres postgres;
  private ShardDatabase database;
  private ServiceProcess process;
  private CpuMeter meter;
  private Admin admin;
  private double published;

  /** Batches published so far (read while the relay runs: a paused one answers nothing). */
  private double batches;

  /**
   * A relay reading {@code postgres}: a cluster of its own for the drains, so that its walsender
   * reads only its own backlogs' WAL (a walsender reads past every database's WAL in its cluster).
   */
  public RelayUnderTest(
      BenchmarkPlatform platform,
      LocalPostgres postgres,
      Kind kind,
      String name,
      RelayOptions options) {
    this.platform = platform;
    this.postgres = postgres;
    this.kind = kind;
    this.name = name;
    this.topic = PackagedRelay.orderTopic(name);
    this.options = options;
  }

  public Kind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  String topic() {
    return topic;
  }

  ShardDatabase database() {
    return database;
  }

  /** Whether its writers keep the outbox rows (the polling relay deletes what it publishes). */
  boolean keepsRows() {
    return kind == Kind.POLLING;
  }

  /**
   * Creates its database and topic, starts the relay and waits until it relays. Start every relay
   * before pausing any: creating a replication slot waits for every open transaction in the cluster
   * to end, and a paused relay's may never end.
   */
  public RelayUnderTest start() throws Exception {
    database = ShardDatabase.create(postgres, name);
    // The broker stamps each record when it appends it: the drain's end, recorded by Kafka.
    platform.createTopic(topic, PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
    admin = platform.admin();
    process =
        kind == Kind.POLLING
            ? RelayProcesses.polling(platform, postgres, name, options)
            : RelayProcesses.cdc(platform, postgres, database, kind, name, options);
    process.start();
    if (kind == Kind.POLLING) {
      process.awaitReady(PATIENCE);
    } else {
      process.awaitWhileAlive(
          () -> "active".equals(RelayReadiness.role(process)), PATIENCE, "active");
    }
    List<CpuMeter.Participant> participants = new ArrayList<>();
    participants.add(CpuMeter.process(kind.label + " relay", process.pid()));
    participants.addAll(platform.cpuParticipants(postgres));
    meter = CpuMeter.of(participants);
    published = published();
    batches = batches();
    log("%s (%s) relays; log: %s", name, kind.label, process.logFile());
    return this;
  }

  /** The walsenders streaming to a CDC relay; none for the polling baseline, which has no slot. */
  private List<Long> streaming() {
    if (kind == Kind.POLLING) {
      return List.of();
    }
    List<Long> pids = database.walsenderPids(postgres);
    if (pids.isEmpty()) {
      throw new IllegalStateException("no walsender streams to " + name);
    }
    return pids;
  }

  /**
   * Writes a backlog of {@code events} in {@code shape} while the relay and its walsender are
   * paused, vacuums and checkpoints, resumes both and times the relay until the broker appended the
   * last event.
   */
  public Drain drain(Backlog shape, int events) throws Exception {
    List<Long> walsenders = streaming();
    // A paused client's socket holds tens of MB (tcp_rmem), so a walsender left running would
    // decode much of the backlog while it is written, before the drain and its CPU reading.
    walsenders.forEach(pid -> UnixSignal.send(pid, "STOP"));
    double writeSeconds;
    CpuMeter.Reading before;
    Instant resumed;
    try {
      long written = System.nanoTime();
      shape.write(postgres, database, events, keepsRows(), platform.logs());
      writeSeconds = (System.nanoTime() - written) / 1e9;
      database.vacuumAndCheckpoint(postgres);
      before = meter.read();
      resumed = Instant.now();
    } finally {
      walsenders.forEach(pid -> UnixSignal.send(pid, "CONT"));
    }
    double target = published + events;
    double batchesBefore = batches;
    process.resume();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    // Only notices the end; the end's instant comes from the broker, not from this loop.
    while ((published = published()) < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not drain; see " + process.logFile());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    CpuCost cpu = meter.since(before);
    if (!streaming().equals(walsenders)) {
      throw new IllegalStateException(
          String.format(
              "%s reconnected its replication stream during the drain (walsender %s, then %s):"
                  + " the drain measured a restart, not the relay; see %s",
              name, walsenders, streaming(), process.logFile()));
    }
    batches = batches(); // before the pause: a stopped JVM answers nothing
    process.pause();
    Instant end = DrainEnd.lastAppend(platform.bootstrapServers(), topic, PARTITIONS);
    double seconds = Duration.between(resumed, end).toNanos() / 1e9;
    Drain drain = new Drain(events, seconds, cpu);
    log(
        "%s %s: %,d events written in %.1f s, drained in %.3f s: %,.0f events/s; CPU ms %s%s",
        name,
        shape.label(),
        events,
        writeSeconds,
        seconds,
        drain.rate(),
        cpu.millis(),
        batches > batchesBefore
            ? String.format(
                "; %,.0f batches of %,.0f events on average",
                batches - batchesBefore, events / (batches - batchesBefore))
            : "");
    return drain;
  }

  void resume() {
    process.resume();
  }

  public void pause() {
    process.pause();
  }

  /** Stops the relay gracefully (resumed first: a stopped process cannot shut down). */
  public void stop() {
    process.resume();
    process.stop(Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.resume();
      process.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (database != null) {
      database.dropSlots(postgres);
    }
  }

  /**
   * Events published so far: the CDC relay's own counter; for the polling baseline (no metrics) the
   * topic's end offsets, which only acknowledged records advance.
   */
  private double published() throws Exception {
    if (kind != Kind.POLLING) {
      return relayMeter(prometheus(RELAY_EVENTS_PUBLISHED, COUNTER) + "{");
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
        .mapToLong(ListOffsetsResultInfo::offset)
        .sum();
  }

  /**
   * Batches the CDC relay has published (one Kafka transaction each in exactly-once mode): the
   * count of its batch-size summary; 0 for the polling baseline.
   */
  private double batches() throws Exception {
    return kind == Kind.POLLING ? 0 : relayMeter("onceflow_relay_batch_size_events_count{");
  }

  /** The value of the CDC relay's Prometheus sample whose line starts with {@code prefix}. */
  private double relayMeter(String prefix) throws Exception {
    for (String line : process.get("/q/metrics").body().split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  static void log(String format, Object... args) {
    System.out.printf("[relay] " + format + "%n", args);
  }
}
