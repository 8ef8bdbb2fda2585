package dev.onceflow.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.local.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

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

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Infrastructure infrastructure;
  private final String delivery;
  private final Path directory;
  private final FaultLog faults;
  private final Map<String, String> environment;
  private final ServiceProcess orderService;
  private final ServiceProcess consumer;
  private final ServiceProcess paymentService;

  /** The orders shard's instances: a second one may stand by. */
  private final List<ServiceProcess> relays = new CopyOnWriteArrayList<>();

  /** The payments shard's one instance. */
  private final ServiceProcess paymentsRelay;

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
    this.paymentsRelay = relay(PAYMENTS_RELAY, PAYMENTS_RELAY);
  }

  /**
   * Builds (does not start) {@code service}. A service the topology gives Kafka consumes an event
   * topic through its inbox (order-service once it consumes payment outcomes): it gets the inbox
   * settings below; setting them for a service without an inbox channel would fail its start.
   */
  private ServiceProcess inboxService(String service) {
    ServiceProcess.Builder builder =
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
        // A killed member holds its partitions until its session expires (45 s by default).
        .systemProperty("mp.messaging.incoming.onceflow-inbox.session.timeout.ms", "6000")
        .systemProperty("mp.messaging.incoming.onceflow-inbox.heartbeat.interval.ms", "1000")
        // A short backoff and pool wait: the old 12-attempt budget ran out within ~40 s, well
        // inside the consumer database outage (ConsumerDatabaseOutage).
        .systemProperty("onceflow.inbox.retry.initial-backoff", "100ms")
        .systemProperty("onceflow.inbox.retry.max-backoff", "2s")
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
    ServiceProcess first = relay(RELAY, "outbox-relay-1");
    relays.add(first);
    first.start();
    paymentsRelay.start();
    consumer.start();
    // An owner's outbox migration creates the publication its relay shard waits for; the shard
    // then creates the slot the outbox refuses to write without.
    orderService.awaitReady(patience);
    paymentService.awaitReady(patience);
    for (ServiceProcess relay : List.of(first, paymentsRelay)) {
      relay.awaitWhileAlive(
          () -> role(relay).filter("active"::equals).isPresent(), patience, "active");
    }
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

  ServiceProcess paymentsRelay() {
    return paymentsRelay;
  }

  List<ServiceProcess> relays() {
    return List.copyOf(relays);
  }

  /** Kills the active relay with SIGKILL and starts it again at once (it comes back as standby). */
  synchronized ServiceProcess killActiveRelay() {
    ServiceProcess active =
        activeRelay().orElseThrow(() -> new IllegalStateException("no active relay to kill"));
    active.killAndRestart();
    return active;
  }

  /**
   * Freezes the active relay with SIGSTOP, as a node lost to a power cut or a partition looks to
   * PostgreSQL and Kafka: its sessions stay open. Needs another relay standing by.
   */
  synchronized ServiceProcess freezeActiveRelay() {
    ServiceProcess active =
        activeRelay().orElseThrow(() -> new IllegalStateException("no active relay to freeze"));
    if (relays.stream().noneMatch(r -> r != active && r.isAlive())) {
      throw new IllegalStateException("no standby relay to take over from " + active.name());
    }
    active.pause();
    return active;
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
   * Kills the payments relay shard's one instance with SIGKILL and starts it again at once: with no
   * standby, it becomes active again once its old lock session is gone.
   */
  synchronized void killPaymentsRelay() {
    paymentsRelay.killAndRestart();
  }

  /** Starts another relay instance of the same shard; returns it. */
  synchronized ServiceProcess startAnotherRelay() {
    ServiceProcess another = relay(RELAY, "outbox-relay-" + (relays.size() + 1));
    relays.add(another);
    return another.start();
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

  /** The relay reporting {@code active}, if exactly one does. */
  Optional<ServiceProcess> activeRelay() {
    return activeRelayOtherThan(null);
  }

  /**
   * The relay other than {@code excluded} reporting {@code active}, if exactly one does; a frozen
   * relay is excluded so that its unanswered readiness probe costs nothing.
   */
  Optional<ServiceProcess> activeRelayOtherThan(ServiceProcess excluded) {
    List<ServiceProcess> active =
        relays.stream()
            .filter(r -> r != excluded)
            .filter(r -> role(r).filter("active"::equals).isPresent())
            .toList();
    return active.size() == 1 ? Optional.of(active.get(0)) : Optional.empty();
  }

  /**
   * Whether everything serves: order-service, payment-service and the consumer ready, the payments
   * shard active, exactly one relay of the orders shard active and ready, every other a ready
   * standby.
   */
  boolean healthy() {
    if (!orderService.isReady()
        || !paymentService.isReady()
        || !consumer.isReady()
        || !paymentsRelay.isReady()
        || role(paymentsRelay).filter("active"::equals).isEmpty()) {
      return false;
    }
    int active = 0;
    for (ServiceProcess relay : relays) {
      Optional<String> role = role(relay);
      if (!relay.isReady() || role.isEmpty()) {
        return false;
      }
      if (role.get().equals("active")) {
        active++;
      } else if (!role.get().equals("standby")) {
        return false;
      }
    }
    return active == 1;
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
              relays.contains(service) || service == paymentsRelay
                  ? role(service).orElse("?")
                  : "-",
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

  /** The role a relay's readiness reports: {@code active}, {@code standby}, {@code activating}… */
  static Optional<String> role(ServiceProcess relay) {
    if (!relay.isAlive()) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> response = relay.get(ServiceProcess.QUARKUS_READINESS);
      // The relay's readiness check reports its role in its data: {"checks":[{"data":{"role":…}}]}.
      JsonNode role = JSON.readTree(response.body()).findValue("role");
      return role == null || !role.isTextual() ? Optional.empty() : Optional.of(role.asText());
    } catch (IOException e) {
      return Optional.empty();
    }
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
      case PAYMENTS_RELAY -> paymentsRelay;
      default -> relays.get(0);
    };
  }

  /** Every service, in start order. */
  private List<ServiceProcess> all() {
    List<ServiceProcess> all = new ArrayList<>();
    all.add(orderService);
    all.add(paymentService);
    all.addAll(relays);
    all.add(paymentsRelay);
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
