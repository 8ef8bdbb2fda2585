package dev.onceflow.systemtest;

import dev.onceflow.local.ServiceProcess;
import dev.onceflow.local.ServiceProcessBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The packaged services of one scenario as OS processes, configured as production configures them
 * (prod profile, endpoints and credentials in the environment), as {@link Infrastructure#TOPOLOGY}
 * declares them: order-service, one or two outbox-relay instances of the orders shard,
 * payment-service, the payments relay shard ({@code outbox-relay-payments}) and inbox-consumer.
 *
 * <p>Faults that kill and restart a service, and the supervisor that restarts a service which
 * exited on its own (as an orchestrator would, e.g. a relay fenced by its successor exits with
 * status 3), take this object's lock, so they never act on the same process at once.
 */
final class Services implements AutoCloseable {

  static final String ORDER_SERVICE = "order-service";
  static final String RELAY = "outbox-relay";
  static final String CONSUMER = "inbox-consumer";
  static final String PAYMENT_SERVICE = "payment-service";
  static final String PAYMENTS_RELAY = "outbox-relay-payments";

  /** JVM options of every service: C1 only starts a third faster on two busy cores. */
  private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final Infrastructure infrastructure;
  private final String delivery;
  private final Path directory;
  private final FaultLog faults;
  private final Map<String, String> environment;
  private final ServiceProcess orderService;
  private final ServiceProcess consumer;
  private final ServiceProcess paymentService;

  /** The orders shard: a second instance may stand by. */
  private final RelayShard ordersShard;

  /** The payments shard: one instance. */
  private final RelayShard paymentsShard;

  // A random token per run: order-service and inbox-consumer demand it, the order load presents it.
  private final String serviceToken = "system-test-" + UUID.randomUUID();
  private boolean closed;

  Services(Infrastructure infrastructure, String delivery, Path directory, FaultLog faults) {
    this(infrastructure, delivery, directory, faults, Map.of());
  }

  /**
   * @param environment more environment variables, given to every service (an OTLP endpoint...)
   */
  Services(
      Infrastructure infrastructure,
      String delivery,
      Path directory,
      FaultLog faults,
      Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    this.infrastructure = infrastructure;
    this.delivery = delivery;
    this.directory = directory;
    this.faults = faults;
    this.orderService = inboxService(ORDER_SERVICE);
    this.consumer = inboxService(CONSUMER);
    this.paymentService = inboxService(PAYMENT_SERVICE);
    this.ordersShard = new RelayShard(RELAY, name -> relay(RELAY, name));
    this.paymentsShard = new RelayShard(PAYMENTS_RELAY, name -> relay(PAYMENTS_RELAY, name));
  }

  /**
   * Builds (does not start) {@code service}. A service the topology gives Kafka consumes an event
   * topic through its inbox (order-service once it consumes payment outcomes): it gets the inbox
   * settings below; setting them for a service without an inbox channel would fail its start.
   */
  private ServiceProcess inboxService(String service) {
    ServiceProcessBuilder builder =
        ServiceProcess.builder(service)
            .jar(PackagedApps.service(Infrastructure.TOPOLOGY.service(service)))
            .jvmOptions(jvm("-Xmx256m"))
            .environment(topologyEnvironment(service))
            .environment(environment)
            .logFile(log(service));
    if (!Infrastructure.TOPOLOGY.service(service).needsKafka()) {
      return builder.build();
    }
    return builder
        // No session timeout here: a killed consumer's partitions wait for the inbox's own
        // default (10 s, InboxChannelDefaults), as in production.
        // A short backoff and pool wait: the old 12-attempt budget ran out within ~33 s, well
        // inside the consumer database outage (ConsumerDatabaseOutage).
        .systemProperty("onceflow.inbox.retry.initial-backoff", "100ms")
        .systemProperty("onceflow.inbox.retry.max-backoff", "1s")
        .systemProperty("quarkus.datasource.jdbc.acquisition-timeout", "2s")
        .build();
  }

  /** Builds (does not start) instance {@code name} of relay shard {@code service}. */
  private ServiceProcess relay(String service, String name) {
    String shard = Infrastructure.TOPOLOGY.databaseOf(service);
    return ServiceProcess.builder(name)
        .jar(PackagedApps.service(Infrastructure.TOPOLOGY.service(service)))
        .jvmOptions(jvm("-Xmx384m"))
        .environment(topologyEnvironment(service))
        .environment("ONCEFLOW_RELAY_DELIVERY", delivery)
        .environment(environment)
        // At-least-once mode: Debezium's stock file store, shared by the shard's instances (a
        // shared
        // volume). With one file per instance, a standby taking over would ask the slot for the
        // stale position of its own last active spell, which the slot no longer has: Debezium
        // refuses it ("no longer available on the server") and the relay never streams again.
        .systemProperty(
            "onceflow.relay.offsets-file",
            directory.resolve("relay-offsets").resolve(shard + ".offsets").toString())
        // The slot advances while the outbox is idle: the drain waits on it.
        .systemProperty("onceflow.relay.heartbeat-interval", "1s")
        .systemProperty("onceflow.relay.slot-release-timeout", "2s")
        .workingDirectory(directory.resolve(name))
        .logFile(log(name))
        .build();
  }

  /** Starts every service, and waits until each serves (each relay shard active). */
  void start(Duration patience) {
    orderService.start();
    paymentService.start();
    ordersShard.startAnother();
    paymentsShard.startAnother();
    consumer.start();
    // An owner's outbox migration creates the publication its relay shard waits for; the shard
    // then creates the slot the outbox refuses to write without.
    orderService.awaitReady(patience);
    paymentService.awaitReady(patience);
    ordersShard.awaitActive(patience);
    paymentsShard.awaitActive(patience);
    consumer.awaitReady(patience);
  }

  /** The service token order-service and inbox-consumer were started with. */
  String serviceToken() {
    return serviceToken;
  }

  ServiceProcess orderService() {
    return orderService;
  }

  ServiceProcess consumer() {
    return consumer;
  }

  ServiceProcess paymentService() {
    return paymentService;
  }

  /** The orders shard's instances. */
  List<ServiceProcess> relays() {
    return ordersShard.instances();
  }

  /**
   * Kills the orders shard's active relay with SIGKILL and starts it again at once (it comes back
   * as standby).
   */
  synchronized ServiceProcess killActiveRelay() {
    return ordersShard.killActive();
  }

  /** Freezes the orders shard's active relay with SIGSTOP ({@link RelayShard#freezeActive}). */
  synchronized ServiceProcess freezeActiveRelay() {
    return ordersShard.freezeActive();
  }

  /** SIGCONT to a relay frozen by {@link #freezeActiveRelay()}. */
  synchronized void thaw(ServiceProcess frozen) {
    frozen.resume();
  }

  /** Kills the consumer with SIGKILL and starts it again at once. */
  synchronized void killConsumer() {
    consumer.killAndRestart();
  }

  /** Kills payment-service with SIGKILL and starts it again at once. */
  synchronized void killPaymentService() {
    paymentService.killAndRestart();
  }

  /**
   * Kills the payments shard's one instance with SIGKILL and starts it again at once: with no
   * standby, it becomes active again once its old lock session is gone.
   */
  synchronized ServiceProcess killPaymentsRelay() {
    return paymentsShard.killActive();
  }

  /** Starts another relay instance of the orders shard; returns it. */
  synchronized ServiceProcess startAnotherRelay() {
    return ordersShard.startAnother();
  }

  /**
   * Restarts every service that exited by itself, and records it: what an orchestrator does. A
   * relay fenced by a newer instance of its shard exits with status 3 on purpose.
   */
  synchronized void restartExited() {
    if (closed) {
      return;
    }
    for (ServiceProcess service : all()) {
      if (service.starts() > 0 && !service.isAlive()) {
        int status = service.exitCode().orElse(-1);
        faults.selfExit(service.name(), status);
        System.out.printf("%s exited by itself (status %d): restarted%n", service.name(), status);
        service.start();
      }
    }
  }

  /** The orders shard's relay other than {@code excluded} reporting {@code active}, if one. */
  Optional<ServiceProcess> activeRelayOtherThan(ServiceProcess excluded) {
    return ordersShard.activeOtherThan(excluded);
  }

  /**
   * Whether everything serves: order-service, payment-service and the consumer ready, each relay
   * shard with exactly one instance active and ready and every other a ready standby.
   */
  boolean healthy() {
    return orderService.isReady()
        && paymentService.isReady()
        && consumer.isReady()
        && ordersShard.healthy()
        && paymentsShard.healthy();
  }

  /** One line per service: alive, ready, role, starts; for failure messages. */
  String describe() {
    StringBuilder text = new StringBuilder();
    for (ServiceProcess service : all()) {
      text.append(
          String.format(
              "  %s: alive=%s ready=%s role=%s starts=%d log=%s%n",
              service,
              service.isAlive(),
              service.isReady(),
              relay(service) ? RelayShard.role(service).orElse("?") : "-",
              service.starts(),
              service.logFile()));
    }
    return text.toString();
  }

  /** Writes each running service's thread dump next to its log; returns the files. */
  List<Path> dumpThreads() {
    List<Path> files = new ArrayList<>();
    for (ServiceProcess service : all()) {
      Path file = directory.resolve("logs").resolve(service.name() + ".threads.txt");
      try {
        java.nio.file.Files.writeString(file, service.threadDump());
        files.add(file);
      } catch (IOException e) {
        files.add(Path.of("(" + file + ": " + e + ")"));
      }
    }
    return files;
  }

  private boolean relay(ServiceProcess service) {
    return ordersShard.instances().contains(service) || paymentsShard.instances().contains(service);
  }

  /** SIGTERM to every service (SIGKILL after 30 s): the consumer first, order-service last. */
  @Override
  public synchronized void close() {
    closed = true;
    List<ServiceProcess> all = new ArrayList<>(all());
    java.util.Collections.reverse(all);
    RuntimeException failure = null;
    for (ServiceProcess service : all) {
      try {
        service.stop(Duration.ofSeconds(30));
        service.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** What the topology starts {@code service} with, here: endpoints, credentials, the token. */
  private Map<String, String> topologyEnvironment(String service) {
    return Infrastructure.TOPOLOGY
        .environment(
            Infrastructure.TOPOLOGY.service(service),
            new ScenarioEndpoints(infrastructure, serviceToken, this::process))
        .all();
  }

  private ServiceProcess process(String service) {
    return switch (service) {
      case ORDER_SERVICE -> orderService;
      case CONSUMER -> consumer;
      case PAYMENT_SERVICE -> paymentService;
      case PAYMENTS_RELAY -> paymentsShard.instances().get(0);
      default -> ordersShard.instances().get(0);
    };
  }

  /** Every service, in start order. */
  private List<ServiceProcess> all() {
    List<ServiceProcess> all = new ArrayList<>();
    all.add(orderService);
    all.add(paymentService);
    all.addAll(ordersShard.instances());
    all.addAll(paymentsShard.instances());
    all.add(consumer);
    return all;
  }

  private Path log(String name) {
    return directory.resolve("logs").resolve(name + ".log");
  }

  private static List<String> jvm(String heap) {
    List<String> options = new ArrayList<>(JVM);
    options.add(heap);
    return options;
  }
}
