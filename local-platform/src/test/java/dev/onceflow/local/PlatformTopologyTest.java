package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.local.PlatformTopology.Database;
import dev.onceflow.local.PlatformTopology.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlatformTopologyTest {

  private static final Path K8S_BASE = Path.of("..", "k8s", "base");

  /** Two PostgreSQL servers, as the system tests run them: fulfillment on a server of its own. */
  private final PlatformEndpoints endpoints =
      new PlatformEndpoints() {
        @Override
        public String kafkaBootstrapServers() {
          return "127.0.0.1:19092";
        }

        @Override
        public int databasePort(String database) {
          return database.equals("fulfillment") ? 25432 : 15432;
        }

        @Override
        public String password(String role) {
          return "pw-" + role;
        }

        @Override
        public String serviceToken() {
          return "token";
        }

        @Override
        public String adminPassword() {
          return "admin-pw";
        }

        @Override
        public URI url(String service) {
          return URI.create(
              "http://127.0.0.1:" + PlatformTopology.ONCEFLOW.service(service).defaultPort());
        }
      };

  @Test
  void onceflowHasFiveServicesTwoRelayShardsThreeDatabasesAndTheRelaysReplicationRole() {
    PlatformTopology topology = PlatformTopology.ONCEFLOW;
    assertThat(topology.services())
        .extracting(PlatformService::name, PlatformService::defaultPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("order-service", 8081),
            org.assertj.core.groups.Tuple.tuple("outbox-relay", 8082),
            org.assertj.core.groups.Tuple.tuple("inbox-consumer", 8083),
            org.assertj.core.groups.Tuple.tuple("payment-service", 8084),
            org.assertj.core.groups.Tuple.tuple("outbox-relay-payments", 8085),
            org.assertj.core.groups.Tuple.tuple("dashboard", 8080));
    assertThat(topology.databases())
        .containsExactly(
            new Database("orders", "order_service"),
            new Database("fulfillment", "inbox_consumer"),
            new Database("payments", "payment_service"));
    assertThat(topology.replicationRoles("orders"))
        .containsExactly(new Role("onceflow_relay", true));
    assertThat(topology.replicationRoles("payments"))
        .containsExactly(new Role("onceflow_relay", true));
    assertThat(topology.postgresArguments())
        .containsExactly(
            "--role",
            "onceflow_relay:replication",
            "--database",
            "orders:order_service",
            "--database",
            "fulfillment:inbox_consumer",
            "--database",
            "payments:payment_service");
    assertThat(topology.modules())
        .containsExactly(
            "order-service", "outbox-relay", "inbox-consumer", "payment-service", "dashboard");
  }

  @Test
  void eachServiceGetsItsDatabaseKafkaTokenAndPeersOnLoopback() {
    PlatformTopology topology = PlatformTopology.ONCEFLOW;

    assertThat(topology.environment(topology.service("order-service"), endpoints).all())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/orders",
                "QUARKUS_DATASOURCE_USERNAME", "order_service",
                "QUARKUS_DATASOURCE_PASSWORD", "pw-order_service",
                "ONCEFLOW_OUTBOX_REPLICATION_SLOT", "onceflow_outbox_orders",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092",
                "ONCEFLOW_SERVICE_TOKEN", "token"));
    ServiceEnvironment relay = topology.environment(topology.service("outbox-relay"), endpoints);
    assertThat(relay.settings())
        .containsEntry("ONCEFLOW_RELAY_SHARD_ID", "orders")
        .containsEntry("ONCEFLOW_RELAY_DATABASE_PORT", "15432")
        .containsEntry("ONCEFLOW_RELAY_DATABASE_NAME", "orders")
        .containsEntry("ONCEFLOW_RELAY_SLOT", "onceflow_outbox_orders")
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
    assertThat(relay.credentials())
        .containsOnly(
            Map.entry("ONCEFLOW_RELAY_DATABASE_USER", "onceflow_relay"),
            Map.entry("ONCEFLOW_RELAY_DATABASE_PASSWORD", "pw-onceflow_relay"));
    assertThat(topology.environment(topology.service("inbox-consumer"), endpoints).settings())
        .containsEntry(
            "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:25432/fulfillment");
    ServiceEnvironment dashboard = topology.environment(topology.service("dashboard"), endpoints);
    assertThat(dashboard.settings())
        .containsEntry("ONCEFLOW_DASHBOARD_ORDER_SERVICE_URL", "http://127.0.0.1:8081")
        .containsEntry("ONCEFLOW_DASHBOARD_RELAY_URL", "http://127.0.0.1:8082")
        .containsEntry("ONCEFLOW_DASHBOARD_INBOX_CONSUMER_URL", "http://127.0.0.1:8083")
        .containsEntry(
            "ONCEFLOW_DASHBOARD_SCRAPE_TARGETS",
            "payment-service=http://127.0.0.1:8084,outbox-relay-payments=http://127.0.0.1:8085")
        .doesNotContainKeys("QUARKUS_DATASOURCE_JDBC_URL", "ONCEFLOW_SERVICE_TOKEN");
    assertThat(dashboard.credentials())
        .containsOnly(
            Map.entry("ONCEFLOW_DASHBOARD_ADMIN_USERNAME", "admin"),
            Map.entry("ONCEFLOW_DASHBOARD_ADMIN_PASSWORD", "admin-pw"),
            Map.entry("ONCEFLOW_DASHBOARD_SERVICE_TOKEN", "token"));
  }

  @Test
  void aServiceWithItsDatabaseAndARelayShardAreOneEntryEach() {
    List<PlatformService> services = new ArrayList<>(PlatformTopology.ONCEFLOW.services());
    services.removeIf(s -> s.grant().map(g -> g.database().equals("payments")).orElse(false));
    // Before the dashboard, whose scrape targets name them.
    int dashboard = services.indexOf(PlatformTopology.ONCEFLOW.service("dashboard"));
    services.add(
        dashboard,
        PlatformService.named("payment-service")
            .port(8084)
            .owns("payments", "payment_service")
            .kafka()
            .checksServiceToken());
    services.add(
        dashboard + 1,
        PlatformService.named("outbox-relay-payments")
            .module("outbox-relay")
            .port(8085)
            .relays("payments", "onceflow_relay"));

    PlatformTopology grown = new PlatformTopology(services);

    assertThat(grown.databases()).contains(new Database("payments", "payment_service"));
    assertThat(grown.replicationRoles("payments"))
        .containsExactly(new Role("onceflow_relay", true));
    assertThat(grown.postgresArguments())
        .containsSubsequence("--database", "payments:payment_service");
    assertThat(grown.modules()).doesNotHaveDuplicates().contains("payment-service");
    assertThat(grown.environment(grown.service("outbox-relay-payments"), endpoints).settings())
        .containsEntry("ONCEFLOW_RELAY_SHARD_ID", "payments")
        .containsEntry("ONCEFLOW_RELAY_DATABASE_NAME", "payments")
        .containsEntry("ONCEFLOW_RELAY_SLOT", "onceflow_outbox_payments");
    assertThat(grown.service("outbox-relay-payments").jar(Path.of("/repo")))
        .isEqualTo(Path.of("/repo/outbox-relay/target/quarkus-app/quarkus-run.jar"));
  }

  @Test
  void anInconsistentTopologyIsRefusedNamingTheProblem() {
    PlatformService orders = PlatformService.named("a").port(1).owns("orders", "a");
    assertThatThrownBy(
            () -> new PlatformTopology(List.of(orders, PlatformService.named("b").port(1))))
        .hasMessageContaining("both use port 1");
    assertThatThrownBy(
            () -> new PlatformTopology(List.of(orders, PlatformService.named("a").port(2))))
        .hasMessageContaining("two services are called a");
    assertThatThrownBy(
            () ->
                new PlatformTopology(
                    List.of(orders, PlatformService.named("b").port(2).owns("orders", "b"))))
        .hasMessageContaining("database orders is owned by a and b");
    assertThatThrownBy(
            () ->
                new PlatformTopology(
                    List.of(
                        orders, PlatformService.named("r").port(2).relays("payments", "relay"))))
        .hasMessageContaining("relays database payments, which no service owns");
    assertThatThrownBy(
            () ->
                new PlatformTopology(
                    List.of(PlatformService.named("d").port(2).peerUrl("URL", "a"), orders)))
        .hasMessageContaining("d needs the URL of a, which must come first");
    assertThatThrownBy(
            () ->
                new PlatformTopology(
                    List.of(PlatformService.named("d").port(2).peerDirectory("URLS", "a"), orders)))
        .hasMessageContaining("d needs the URL of a, which must come first");
  }

  /**
   * Kubernetes keeps its own YAML: each service's settings are named in its {@code
   * k8s/base/config/<service>.env}, and its credentials in its Deployment (from Secrets).
   */
  @Test
  void kubernetesNamesTheSameVariablesAsTheTopology() throws IOException {
    for (PlatformService service : PlatformTopology.ONCEFLOW.services()) {
      ServiceEnvironment environment = PlatformTopology.ONCEFLOW.environment(service, endpoints);
      Set<String> configured =
          Files.readAllLines(K8S_BASE.resolve("config").resolve(service.name() + ".env")).stream()
              .map(String::strip)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .map(line -> line.substring(0, line.indexOf('=')))
              .collect(Collectors.toSet());
      assertThat(configured).as(service.name()).containsAll(environment.settings().keySet());
      String deployment = Files.readString(K8S_BASE.resolve(service.name() + ".yaml"));
      for (String credential : environment.credentials().keySet()) {
        assertThat(deployment).as(service.name() + " " + credential).contains(credential);
      }
    }
  }
}
