package dev.onceflow.systemtest;

import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.internal.Directories;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run of the fault scenario: the platform and the packaged services start on their own
 * directory and ports, a paced load runs through the REST API, the planned faults are injected one
 * after another (each once the whole pipeline has recovered from the previous one and moved more
 * events end to end), then the load stops, the pipeline drains and the ledger is balanced.
 */
final class FaultScenario {

  /**
   * What to run.
   *
   * @param name the scenario's directory under {@code target/system-tests/}
   * @param delivery the relay's {@code onceflow.relay.delivery}
   * @param faults injected in this order
   * @param requestsPerSecond the load's pace
   * @param progressBetweenFaults events the consumer must apply after a fault before the next one
   */
  record Plan(
      String name,
      String delivery,
      List<FaultKind> faults,
      double requestsPerSecond,
      long progressBetweenFaults) {}

  /** What happened, and the balanced ledger. */
  record Result(
      Plan plan,
      Ledger ledger,
      FaultLog faults,
      RequestLog requests,
      long requestsSent,
      long ticksSkipped,
      String secondRelayRole,
      double loadSeconds,
      double wallSeconds) {}

  /** The relay's {@code onceflow.relay.delivery} that promises no duplicate in Kafka. */
  static final String EXACTLY_ONCE = "exactly-once";

  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final Duration RECOVERY = Duration.ofMinutes(3);
  private static final Duration POLL = Duration.ofMillis(250);

  /**
   * The bound on a standby's takeover from a frozen active relay (docs/guarantees.md): the lock
   * session's 10 s {@code idle_session_timeout}, a 1 s standby poll, the 2 s slot release wait and
   * the activation (producer fencing, engine start) on a loaded machine.
   */
  static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);

  /** Above the relay producer's {@code max.request.size} (Kafka's default, 1 MiB). */
  private static final int OVERSIZED_PAYLOAD_BYTES = 2 * 1024 * 1024;

  /**
   * A hard bound on the load, whatever the faults' pace: twenty minutes' worth of requests. Ten ran
   * out on a loaded machine before the 28th fault (the load then stops making events and the next
   * recovery gate, which waits for new events, can never open).
   */
  private static final long MAX_LOAD_SECONDS = 1200;

  private final Plan plan;
  private final FaultLog faults = new FaultLog();
  private final Set<String> oversizedEvents = new LinkedHashSet<>();
  private String secondRelayRole = "none";
  private int kafkaRestarts;
  private double takeoverSeconds = Double.NaN;
  private double outageSeconds = Double.NaN;
  private String outcome = "";

  private FaultScenario(Plan plan) {
    this.plan = plan;
  }

  static Result run(Plan plan) throws SQLException {
    return new FaultScenario(plan).run();
  }

  private Result run() throws SQLException {
    long wallStart = System.nanoTime();
    Path directory = SystemTestPaths.workDirectory().resolve(plan.name());
    Directories.deleteRecursively(directory);
    Result result = runIn(directory, wallStart);
    if (result.ledger().effectsExact()) {
      // The logs stay; the data (WAL, Kafka logs: ~100 MB) is only worth keeping to investigate.
      Directories.deleteRecursively(directory.resolve("postgres"));
      Directories.deleteRecursively(directory.resolve("postgres-standby"));
      Directories.deleteRecursively(directory.resolve("postgres-fulfillment"));
      Directories.deleteRecursively(directory.resolve("kafka"));
    }
    return result;
  }

  private Result runIn(Path directory, long wallStart) throws SQLException {
    try (Infrastructure infrastructure =
            Infrastructure.start(directory, plan.faults().contains(FaultKind.DATABASE_FAILOVER));
        Services services = new Services(infrastructure, plan.delivery(), directory, faults)) {
      services.start(STARTUP);
      progress("platform and services up after %.1f s", seconds(System.nanoTime() - wallStart));
      ScheduledExecutorService supervisor =
          Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "supervisor"));
      try {
        supervisor.scheduleWithFixedDelay(
            () -> superviseQuietly(infrastructure, services), 1, 1, TimeUnit.SECONDS);
        OrderLoad load =
            new OrderLoad(
                URI.create("http://127.0.0.1:" + services.orderService().httpPort()),
                services.serviceToken(),
                plan.requestsPerSecond(),
                (long) (plan.requestsPerSecond() * MAX_LOAD_SECONDS),
                plan.name().hashCode());
        double loadSeconds;
        try (load) {
          long loadStart = System.nanoTime();
          load.start();
          PipelineProgress.awaitRecovered(
              infrastructure, services, Map.of(), plan.progressBetweenFaults());
          for (FaultKind fault : plan.faults()) {
            Map<LedgerBooks.Inbox, Long> before = PipelineProgress.inboxEntries(infrastructure);
            long injectedAt = System.nanoTime();
            String target = inject(fault, infrastructure, services);
            faults.injected(fault, target, seconds(injectedAt - loadStart));
            faults.observed(takeoverSeconds, outageSeconds, outcome);
            takeoverSeconds = Double.NaN;
            outageSeconds = Double.NaN;
            outcome = "";
            PipelineProgress.awaitRecovered(
                infrastructure, services, before, plan.progressBetweenFaults());
            faults.recovered(seconds(System.nanoTime() - injectedAt));
            progress(
                "%6.1f s  fault %d/%d %-15s %-26s recovered in %4.1f s",
                seconds(injectedAt - loadStart),
                faults.total(),
                plan.faults().size(),
                fault.key(),
                target,
                seconds(System.nanoTime() - injectedAt));
          }
          load.stop();
          loadSeconds = seconds(System.nanoTime() - loadStart);
        }
        progress("load stopped after %.1f s, %d requests; draining", loadSeconds, load.issued());
        List<EventRecord> records = PipelineProgress.drain(infrastructure, services);
        progress("drained: %d records in Kafka", records.size());
        stop(supervisor);
        Ledger ledger =
            Ledger.balance(LedgerBooks.read(infrastructure, records, oversizedEvents), load.log());
        return new Result(
            plan,
            ledger,
            faults,
            load.log(),
            load.issued(),
            load.skipped(),
            secondRelayRole,
            loadSeconds,
            seconds(System.nanoTime() - wallStart));
      } finally {
        stop(supervisor);
      }
    }
  }

  private String inject(FaultKind fault, Infrastructure infrastructure, Services services) {
    return switch (fault) {
      case RELAY_KILL -> services.killActiveRelay().name();
      case CONSUMER_KILL -> {
        services.killConsumer();
        yield services.consumer().name();
      }
      case PAYMENTS_RELAY_KILL -> {
        yield services.killPaymentsRelay().name();
      }
      case PAYMENT_SERVICE_KILL -> {
        services.killPaymentService();
        yield services.paymentService().name();
      }
      case KAFKA_RESTART -> {
        // The first one with SIGKILL, the next with SIGTERM, and so on.
        boolean hard = kafkaRestarts++ % 2 == 0;
        infrastructure.restartKafka(hard);
        yield hard ? "kafka (SIGKILL)" : "kafka (SIGTERM)";
      }
      case POSTGRES_CRASH -> {
        infrastructure.crashPostgres();
        yield "postgresql (orders and payments, fulfillment)";
      }
      case SECOND_RELAY -> {
        ServiceProcess another = services.startAnotherRelay();
        // The first instance holds the shard's lock: the newcomer must stand by (or, fenced, exit).
        await("second relay instance standing by")
            .atMost(STARTUP)
            .pollInterval(POLL)
            .until(
                () ->
                    !another.isAlive()
                        || RelayShard.role(another)
                            .filter(role -> !role.equals("starting"))
                            .isPresent());
        secondRelayRole =
            RelayShard.role(another)
                .orElse("exited (status " + another.exitCode().orElse(-1) + ")");
        yield another.name();
      }
      case RELAY_FREEZE -> freezeActiveRelay(services);
      case OVERSIZED_EVENT -> writeOversizedEvent(infrastructure);
      case DATABASE_FAILOVER -> {
        infrastructure.failOver();
        yield "postgresql (standby promoted)";
      }
      case CONSUMER_DATABASE_OUTAGE -> {
        ConsumerDatabaseOutage.Observed observed =
            ConsumerDatabaseOutage.inject(infrastructure, services);
        outageSeconds = observed.downSeconds();
        outcome = observed.outcome();
        yield "postgresql (fulfillment, stopped)";
      }
    };
  }

  /**
   * SIGSTOP of the active relay; waits until another instance is active (the takeover time, bounded
   * by the lock session's timeout), then SIGCONT: the resumed instance must stand by or exit
   * fenced, and the ledger shows whether it published anything.
   */
  private String freezeActiveRelay(Services services) {
    ServiceProcess frozen = services.freezeActiveRelay();
    long frozenAt = System.nanoTime();
    try {
      await("a standby takes over from the frozen " + frozen.name())
          .atMost(RECOVERY)
          .pollInterval(POLL)
          .until(() -> services.activeRelayOtherThan(frozen).isPresent());
      takeoverSeconds = seconds(System.nanoTime() - frozenAt);
    } finally {
      services.thaw(frozen);
    }
    await("the resumed " + frozen.name() + " stands by or exits")
        .atMost(RECOVERY)
        .pollInterval(POLL)
        .until(
            () ->
                !frozen.isAlive()
                    || RelayShard.role(frozen).filter(role -> !role.equals("active")).isPresent());
    outcome =
        RelayShard.role(frozen).orElse("exited (status " + frozen.exitCode().orElse(-1) + ")");
    return frozen.name();
  }

  /**
   * An event no Kafka producer of the relay can send, written straight into the outbox with a valid
   * envelope (order-service refuses such events at {@code Outbox.record}): the relay must
   * dead-letter it in its transaction, which a {@code read_committed} read of the relay's
   * dead-letter topic shows, and keep going.
   */
  private String writeOversizedEvent(Infrastructure infrastructure) {
    String eventId = UUID.randomUUID().toString();
    String aggregateId = UUID.randomUUID().toString();
    String payload =
        "{\"orderId\":\""
            + aggregateId
            + "\",\"customerId\":\"oversized\",\"note\":\""
            + "x".repeat(OVERSIZED_PAYLOAD_BYTES)
            + "\"}";
    try (Connection connection = infrastructure.connect(Infrastructure.ORDERS_DATABASE);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload,"
                    + " schema_version, aggregate_sequence, created_at) VALUES (?::uuid, ?, ?, ?,"
                    + " ?::jsonb, 1, 1, now())")) {
      insert.setString(1, eventId);
      insert.setString(2, OrderEvents.AGGREGATE_TYPE);
      insert.setString(3, aggregateId);
      insert.setString(4, OrderEvents.ORDER_PLACED);
      insert.setString(5, payload);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the oversized event", e);
    }
    oversizedEvents.add(eventId);
    long writtenAt = System.nanoTime();
    await("oversized event " + eventId + " on " + OnceflowTopics.RELAY_DEAD_LETTERS)
        .atMost(RECOVERY)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                EventRecord.readAll(
                        infrastructure.bootstrapServers(),
                        List.of(OnceflowTopics.RELAY_DEAD_LETTERS))
                    .stream()
                    .anyMatch(record -> eventId.equals(record.eventId())));
    outcome =
        String.format(
            Locale.ROOT, "dead-lettered after %.1f s", seconds(System.nanoTime() - writtenAt));
    return "outbox (" + OVERSIZED_PAYLOAD_BYTES / 1024 + " KiB payload)";
  }

  private void progress(String format, Object... arguments) {
    System.out.printf("[%s] " + format + "%n", prepend(plan.name(), arguments));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** What an orchestrator does: start again whatever exited by itself, and note it. */
  private void superviseQuietly(Infrastructure infrastructure, Services services) {
    try {
      infrastructure
          .restartKafkaIfExited()
          .ifPresent(
              status -> {
                faults.selfExit("kafka", status);
                progress("kafka exited by itself (status %d): restarted", status);
              });
      services.restartExited();
    } catch (RuntimeException e) {
      // The next round tries again; the recovery wait fails the scenario if it never works.
      System.err.println("supervisor: " + e);
    }
  }

  private static void stop(ScheduledExecutorService supervisor) {
    supervisor.shutdownNow();
    try {
      supervisor.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
