package dev.onceflow.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The one place that says what a platform is made of: which services exist (name, module, default
 * HTTP port), which database each one uses and as which role, which databases exist and who owns
 * them, and what environment each service is started with. The launcher ({@code ./onceflow}), the
 * system tests and the benchmarks all read it; Kubernetes keeps its own YAML, and a test checks
 * that {@code k8s/base/config/<service>.env} names the same settings.
 *
 * <p>Adding a service is one entry in {@link #ONCEFLOW}, as payment-service (which owns database
 * {@code payments}) and the relay shard that publishes its outbox ({@code outbox-relay-payments})
 * are. A relay shard runs the outbox-relay module under a name and port of its own.
 */
public final class PlatformTopology {

  /** The dashboard's admin user (its password is a secret of the run). */
  public static final String DASHBOARD_ADMIN = "admin";

  /** Onceflow: the services in start order (a service's peers, {@link Service#peerUrls}, first). */
  public static final PlatformTopology ONCEFLOW =
      new PlatformTopology(
          List.of(
              PlatformService.named("order-service")
                  .port(8081)
                  .owns("orders", "order_service")
                  // Its inbox consumes the payment events that confirm or reject orders.
                  .kafka()
                  // Placing and cancelling orders demand the service token.
                  .checksServiceToken(),
              PlatformService.named("outbox-relay").port(8082).relays("orders", "onceflow_relay"),
              PlatformService.named("inbox-consumer")
                  .port(8083)
                  .owns("fulfillment", "inbox_consumer")
                  .kafka()
                  // Dead-letter replays demand the service token.
                  .checksServiceToken(),
              PlatformService.named("payment-service")
                  .port(8084)
                  .owns("payments", "payment_service")
                  .kafka()
                  // Dead-letter replays demand the service token.
                  .checksServiceToken(),
              // One relay process per database: its own slot, lock, transactional id and offsets.
              PlatformService.named("outbox-relay-payments")
                  .module("outbox-relay")
                  .port(8085)
                  .relays("payments", "onceflow_relay"),
              PlatformService.named("dashboard")
                  .port(8080)
                  .kafka()
                  .peerUrl("ONCEFLOW_DASHBOARD_ORDER_SERVICE_URL", "order-service")
                  .peerUrl("ONCEFLOW_DASHBOARD_RELAY_URL", "outbox-relay")
                  .peerUrl("ONCEFLOW_DASHBOARD_INBOX_CONSUMER_URL", "inbox-consumer")
                  // The services beyond the first chain: their health and metrics on the page.
                  .peerDirectory(
                      "ONCEFLOW_DASHBOARD_SCRAPE_TARGETS",
                      "payment-service",
                      "outbox-relay-payments")
                  .adminLogin(
                      "ONCEFLOW_DASHBOARD_ADMIN_USERNAME", "ONCEFLOW_DASHBOARD_ADMIN_PASSWORD")
                  .presentsServiceToken("ONCEFLOW_DASHBOARD_SERVICE_TOKEN")));

  /** The topics every platform creates before a service starts (the dev overlay's list). */
  public static final Path TOPIC_LIST = Path.of("k8s", "overlays", "dev", "kafka", "topics.txt");

  /** A database and the role that owns it. */
  public record Database(String name, String owner) {}

  /** A login role, with REPLICATION for logical decoding. */
  public record Role(String name, boolean replication) {}

  private final List<PlatformService> services;

  /**
   * A topology of {@code services}, checked: unique names and ports, every database owned by
   * exactly one service, every relayed database owned, every peer URL naming an earlier service.
   *
   * @throws IllegalArgumentException naming the first inconsistency
   */
  public PlatformTopology(List<PlatformService> services) {
    this.services = List.copyOf(services);
    check();
  }

  /** The services, in start order. */
  public List<PlatformService> services() {
    return services;
  }

  /** The service called {@code name}. */
  public PlatformService service(String name) {
    return services.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no service " + name + " in the topology"));
  }

  /** The database service {@code service} uses (owns or relays). */
  public String databaseOf(String service) {
    return service(service)
        .grant()
        .orElseThrow(() -> new NoSuchElementException(service + " uses no database"))
        .database();
  }

  /** The Maven modules of the services, once each, in start order. */
  public List<String> modules() {
    return services.stream().map(PlatformService::module).distinct().toList();
  }

  /** The databases, each with its owner, in the order services name them. */
  public List<Database> databases() {
    List<Database> databases = new ArrayList<>();
    for (PlatformService service : services) {
      service
          .grant()
          .filter(g -> g.access() == PlatformService.Access.OWNER)
          .ifPresent(g -> databases.add(new Database(g.database(), g.role())));
    }
    return List.copyOf(databases);
  }

  /** The database called {@code name}. */
  public Database database(String name) {
    return databases().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no database " + name + " in the topology"));
  }

  /** Every login role, owners and replication roles, once each. */
  public List<Role> roles() {
    Map<String, Role> roles = new LinkedHashMap<>();
    for (PlatformService service : services) {
      service
          .grant()
          .ifPresent(
              g ->
                  roles.putIfAbsent(
                      g.role(),
                      new Role(g.role(), g.access() == PlatformService.Access.REPLICATION)));
    }
    return List.copyOf(roles.values());
  }

  /** The replication roles that decode {@code database}'s WAL. */
  public List<Role> replicationRoles(String database) {
    return services.stream()
        .flatMap(s -> s.grant().stream())
        .filter(
            g -> g.access() == PlatformService.Access.REPLICATION && g.database().equals(database))
        .map(g -> new Role(g.role(), true))
        .distinct()
        .toList();
  }

  /**
   * The replication slot of the relay shard of {@code database}. Slot names are unique per
   * PostgreSQL server, and a local platform keeps every database on one server: each shard's slot
   * is named after its database. (In Kubernetes each database has its own cluster.)
   */
  public static String slotOf(String database) {
    return "onceflow_outbox_" + database;
  }

  /** The variable that carries {@code role}'s password: {@code ONCEFLOW_DB_PASSWORD_<ROLE>}. */
  public static String passwordVariable(String role) {
    return LocalPlatformMain.rolePasswordVariable(role);
  }

  /**
   * The arguments of {@link LocalPlatformMain}'s {@code postgres} command that create every role
   * and database on one server: {@code --role name:replication} and {@code --database name:owner}.
   */
  public List<String> postgresArguments() {
    List<String> arguments = new ArrayList<>();
    for (Role role : roles()) {
      if (role.replication()) {
        arguments.add("--role");
        arguments.add(role.name() + ":replication");
      }
    }
    for (Database database : databases()) {
      arguments.add("--database");
      arguments.add(database.name() + ":" + database.owner());
    }
    return arguments;
  }

  /**
   * Creates every database on its server, owned by its service's role (which migrates its schema),
   * and the replication roles that decode it: REPLICATION and no table grant, since the relay
   * streams without a snapshot. Idempotent.
   *
   * @param serverOf the server that holds a database
   * @param passwordOf the password of a role
   */
  public void provision(
      Function<String, LocalPostgres> serverOf, Function<String, String> passwordOf) {
    for (Database database : databases()) {
      LocalPostgres server = serverOf.apply(database.name());
      server.ensureDatabase(database.name(), database.owner(), passwordOf.apply(database.owner()));
      for (Role role : replicationRoles(database.name())) {
        server.ensureRole(role.name(), passwordOf.apply(role.name()), true);
      }
    }
  }

  /** What {@code service} is started with, where {@code endpoints} say things run. */
  public ServiceEnvironment environment(PlatformService service, PlatformEndpoints endpoints) {
    ServiceEnvironment environment = ServiceEnvironment.of(service, endpoints);
    // An owner whose database is relayed refuses to record events until its shard's slot exists:
    // it must look for that shard's slot.
    boolean relayedOwner =
        service
            .grant()
            .filter(g -> g.access() == PlatformService.Access.OWNER)
            .filter(g -> !replicationRoles(g.database()).isEmpty())
            .isPresent();
    if (!relayedOwner) {
      return environment;
    }
    Map<String, String> settings = new LinkedHashMap<>(environment.settings());
    settings.put(ServiceEnvironment.OUTBOX_SLOT, slotOf(service.grant().orElseThrow().database()));
    return new ServiceEnvironment(settings, environment.credentials());
  }

  private void check() {
    Map<String, String> owners = new LinkedHashMap<>();
    Map<Integer, String> ports = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (PlatformService service : services) {
      require(!names.contains(service.name()), "two services are called " + service.name());
      for (String peer : service.peers()) {
        require(
            names.contains(peer),
            service.name() + " needs the URL of " + peer + ", which must come first");
      }
      names.add(service.name());
      String other = ports.putIfAbsent(service.defaultPort(), service.name());
      require(
          other == null,
          service.name() + " and " + other + " both use port " + service.defaultPort());
      service
          .grant()
          .filter(g -> g.access() == PlatformService.Access.OWNER)
          .ifPresent(
              g -> {
                String owner = owners.putIfAbsent(g.database(), service.name());
                require(
                    owner == null,
                    "database "
                        + g.database()
                        + " is owned by "
                        + owner
                        + " and "
                        + service.name());
              });
    }
    for (PlatformService service : services) {
      service
          .grant()
          .filter(g -> g.access() == PlatformService.Access.REPLICATION)
          .ifPresent(
              g ->
                  require(
                      owners.containsKey(g.database()),
                      service.name()
                          + " relays database "
                          + g.database()
                          + ", which no service owns"));
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("topology: " + message);
    }
  }
}
