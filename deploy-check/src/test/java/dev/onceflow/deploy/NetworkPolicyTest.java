package dev.onceflow.deploy;

import static dev.onceflow.deploy.Catalogue.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.deploy.network.Pod;
import dev.onceflow.deploy.network.Pods;
import dev.onceflow.deploy.network.Policies;
import dev.onceflow.deploy.render.Overlay;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Who can reach whom, computed from the NetworkPolicies (and Strimzi's listener peers) over every
 * pod of the overlay plus a stranger pod: only order-service and its relay shard reach the orders
 * database, only inbox-consumer the fulfillment database, only payment-service and its relay shard
 * the payments database, only the services that use Kafka reach it, and the dashboard reaches Kafka
 * and the services' HTTP ports and nothing else.
 */
class NetworkPolicyTest {

  static final List<String> OVERLAYS = Catalogue.OVERLAYS;

  private static final Set<String> KAFKA_CLIENTS =
      Set.of(
          "order-service",
          "outbox-relay",
          "outbox-relay-payments",
          "inbox-consumer",
          "payment-service",
          "dashboard");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyServicePodIsIsolatedBothWays(String name) {
    Overlay overlay = Overlay.load(name);
    Policies policies = Policies.of(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      Pod pod = pod(overlay, service);
      soft.assertThat(policies.isolates(pod, "Ingress"))
          .as("%s: %s ingress isolated", name, service)
          .isTrue();
      soft.assertThat(policies.isolates(pod, "Egress"))
          .as("%s: %s egress isolated", name, service)
          .isTrue();
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void onlyTheirServicesReachTheDatabases(String name) {
    Overlay overlay = Overlay.load(name);
    Policies policies = Policies.of(overlay);
    assertThat(reachers(overlay, policies, "orders-db", 5432))
        .as("%s: pods that reach the orders database on 5432", name)
        .containsExactlyInAnyOrder("order-service", "outbox-relay");
    assertThat(reachers(overlay, policies, "fulfillment-db", 5432))
        .as("%s: pods that reach the fulfillment database on 5432", name)
        .containsExactly("inbox-consumer");
    assertThat(reachers(overlay, policies, "payments-db", 5432))
        .as("%s: pods that reach the payments database on 5432", name)
        .containsExactlyInAnyOrder("payment-service", "outbox-relay-payments");
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void onlyTheServicesThatUseKafkaReachIt(String name) {
    Overlay overlay = Overlay.load(name);
    Policies policies = Policies.of(overlay);
    Set<String> reachers = reachers(overlay, policies, "kafka", 9092);
    // Dev only: the job that creates the topics (prod: Strimzi's Topic Operator).
    reachers.remove("kafka-topics");
    assertThat(reachers).as("%s: pods that reach Kafka on 9092", name).isEqualTo(KAFKA_CLIENTS);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theDashboardReachesKafkaAndTheServicesHttpOnly(String name) {
    Overlay overlay = Overlay.load(name);
    Policies policies = Policies.of(overlay);
    Pod dashboard = pod(overlay, "dashboard");
    Set<String> reached = new TreeSet<>();
    for (Pod target : Pods.of(overlay)) {
      for (int port : portsOf(target)) {
        if (target != dashboard && policies.allows(dashboard, target, port)) {
          reached.add(label(target) + ":" + port);
        }
      }
    }
    List<String> kafka = new ArrayList<>();
    for (Pod target : Pods.of(overlay)) {
      if ("kafka".equals(target.labels().get("onceflow.dev/infra"))) {
        kafka.add(label(target) + ":9092");
      }
    }
    Set<String> expected = new TreeSet<>(kafka);
    expected.addAll(
        List.of(
            "order-service:8081",
            "outbox-relay:8082",
            "inbox-consumer:8083",
            // Its scrape targets: health and metrics.
            "payment-service:8084",
            "outbox-relay-payments:8082"));
    assertThat(reached)
        .as("%s: what the dashboard reaches in the namespace", name)
        .isEqualTo(expected);
    assertThat(policies.egressOutsideNamespace(dashboard))
        .as("%s: the dashboard leaves the namespace only for DNS", name)
        .allSatisfy(ports -> assertThat(ports).containsOnly(53));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theServicesReachWhatTheyNeed(String name) {
    Overlay overlay = Overlay.load(name);
    Policies policies = Policies.of(overlay);
    SoftAssertions soft = new SoftAssertions();
    need(soft, overlay, policies, "order-service", "orders-db", 5432, true);
    need(soft, overlay, policies, "outbox-relay", "orders-db", 5432, true);
    need(soft, overlay, policies, "outbox-relay", "kafka", 9092, true);
    need(soft, overlay, policies, "inbox-consumer", "fulfillment-db", 5432, true);
    need(soft, overlay, policies, "inbox-consumer", "kafka", 9092, true);
    need(soft, overlay, policies, "payment-service", "payments-db", 5432, true);
    need(soft, overlay, policies, "payment-service", "kafka", 9092, true);
    need(soft, overlay, policies, "outbox-relay-payments", "payments-db", 5432, true);
    need(soft, overlay, policies, "outbox-relay-payments", "kafka", 9092, true);
    // Each relay shard reaches its own database only.
    need(soft, overlay, policies, "outbox-relay", "payments-db", 5432, false);
    need(soft, overlay, policies, "outbox-relay-payments", "orders-db", 5432, false);
    need(soft, overlay, policies, "payment-service", "orders-db", 5432, false);
    need(soft, overlay, policies, "dashboard", "payments-db", 5432, false);
    need(soft, overlay, policies, "order-service", "kafka", 9092, true);
    need(soft, overlay, policies, "dashboard", "orders-db", 5432, false);
    need(soft, overlay, policies, "dashboard", "fulfillment-db", 5432, false);
    soft.assertAll();
  }

  private static void need(
      SoftAssertions soft,
      Overlay overlay,
      Policies policies,
      String service,
      String infra,
      int port,
      boolean allowed) {
    Pod source = pod(overlay, service);
    List<Pod> targets =
        Pods.of(overlay).stream()
            .filter(
                p ->
                    infra.equals(p.labels().get("onceflow.dev/infra"))
                        && p.ports().containsValue(port))
            .toList();
    soft.assertThat(targets)
        .as("%s: pods labelled onceflow.dev/infra=%s", overlay.name(), infra)
        .isNotEmpty();
    for (Pod target : targets) {
      soft.assertThat(policies.allows(source, target, port))
          .as("%s: %s -> %s:%d", overlay.name(), service, target.name(), port)
          .isEqualTo(allowed);
    }
  }

  /** Which pods (by name label; "<any other pod>" for a stranger) reach infra pods on a port. */
  private static Set<String> reachers(Overlay overlay, Policies policies, String infra, int port) {
    List<Pod> pods = new ArrayList<>(Pods.of(overlay));
    pods.add(Pod.stranger());
    List<Pod> targets =
        pods.stream()
            .filter(
                p ->
                    infra.equals(p.labels().get("onceflow.dev/infra"))
                        && p.ports().containsValue(port))
            .toList();
    assertThat(targets)
        .as("%s: pods labelled onceflow.dev/infra=%s", overlay.name(), infra)
        .isNotEmpty();
    Set<String> reachers = new TreeSet<>();
    for (Pod target : targets) {
      for (Pod source : pods) {
        boolean sameInfra = infra.equals(source.labels().get("onceflow.dev/infra"));
        if (!sameInfra && policies.allows(source, target, port)) {
          reachers.add(label(source));
        }
      }
    }
    return reachers;
  }

  private static Pod pod(Overlay overlay, String service) {
    return Pods.of(overlay).stream()
        .filter(
            p ->
                service.equals(p.labels().get("app.kubernetes.io/name"))
                    && p.name().startsWith("Deployment/"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(overlay.name() + ": no pod of " + service));
  }

  private static String label(Pod pod) {
    return pod.labels().getOrDefault("app.kubernetes.io/name", pod.name());
  }

  private static Set<Integer> portsOf(Pod pod) {
    return new TreeSet<>(pod.ports().values());
  }
}
