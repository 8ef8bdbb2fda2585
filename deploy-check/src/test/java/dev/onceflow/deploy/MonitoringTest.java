package dev.onceflow.deploy;

import static dev.onceflow.deploy.Catalogue.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.deploy.network.Pod;
import dev.onceflow.deploy.network.Pods;
import dev.onceflow.deploy.network.Policies;
import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The prod overlay's scrape configuration: Prometheus scrapes every pod of every service on the
 * port that serves /q/metrics, and the database exporters; the NetworkPolicies admit Prometheus
 * (pods labelled app.kubernetes.io/name=prometheus in the namespace monitoring) to exactly those
 * ports.
 */
class MonitoringTest {

  static final Map<String, String> MONITORING_NAMESPACE =
      Map.of("kubernetes.io/metadata.name", "monitoring");

  static final Pod PROMETHEUS =
      new Pod("Prometheus", Map.of("app.kubernetes.io/name", "prometheus"), Map.of());

  @Test
  void everyServicePodIsScrapedOnTheHttpPortAtQMetrics() {
    Overlay prod = Overlay.load("prod");
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      Map<String, String> labels = prod.service(service).podLabels();
      List<PodMetricsEndpoint> endpoints = endpointsSelecting(prod, labels);
      soft.assertThat(endpoints).as("PodMonitor endpoints scraping %s", service).hasSize(1);
      for (PodMetricsEndpoint endpoint : endpoints) {
        soft.assertThat(endpoint.getPort()).as("%s scrape port", service).isEqualTo("http");
        soft.assertThat(endpoint.getPath()).as("%s scrape path", service).isEqualTo("/q/metrics");
      }
      // ServiceContractTest proves `http` is the port the service listens on.
      soft.assertThat(Catalogue.container(prod, service).getPorts())
          .extracting(ContainerPort::getName)
          .as("%s container ports", service)
          .contains("http");
    }
    soft.assertAll();
  }

  @Test
  void theDatabaseExportersAreScrapedWithClusterAndRoleLabels() {
    Overlay prod = Overlay.load("prod");
    for (Pod pod : Pods.of(prod)) {
      if (!pod.labels().containsKey("cnpg.io/cluster")) {
        continue;
      }
      List<PodMetricsEndpoint> endpoints = endpointsSelecting(prod, pod.labels());
      assertThat(endpoints).as("PodMonitor endpoints scraping %s", pod.name()).hasSize(1);
      PodMetricsEndpoint endpoint = endpoints.get(0);
      assertThat(pod.resolve(endpoint.getPort())).as("%s metrics port", pod.name()).isEqualTo(9187);
      // OnceflowSlotRetainedWalHigh filters on role="primary" and groups by cluster.
      assertThat(endpoint.getRelabelings())
          .extracting(r -> r.getSourceLabels().get(0) + "->" + r.getTargetLabel())
          .contains(
              "__meta_kubernetes_pod_label_cnpg_io_cluster->cluster",
              "__meta_kubernetes_pod_label_cnpg_io_instanceRole->role");
    }
  }

  @Test
  void prometheusReachesTheMetricsPortsAndNothingElse() {
    Overlay prod = Overlay.load("prod");
    Policies policies = Policies.of(prod);
    Pod elsewhere = new Pod("a pod of another namespace", PROMETHEUS.labels(), Map.of());
    SoftAssertions soft = new SoftAssertions();
    for (Pod pod : Pods.of(prod)) {
      boolean service = SERVICES.contains(pod.labels().getOrDefault("app.kubernetes.io/name", ""));
      boolean database = pod.labels().containsKey("cnpg.io/cluster");
      int metricsPort = service ? pod.resolve("http") : database ? pod.resolve("metrics") : -1;
      if (metricsPort > 0) {
        soft.assertThat(
                policies.admitsFromNamespace(MONITORING_NAMESPACE, PROMETHEUS, pod, metricsPort))
            .as("Prometheus reaches %s on its metrics port %d", pod.name(), metricsPort)
            .isTrue();
      }
      for (int port : pod.ports().values()) {
        if (port != metricsPort) {
          soft.assertThat(policies.admitsFromNamespace(MONITORING_NAMESPACE, PROMETHEUS, pod, port))
              .as("Prometheus reaches %s on %d, which is not a metrics port", pod.name(), port)
              .isFalse();
        }
      }
    }
    // The policy names Prometheus's namespace: the same labels elsewhere reach neither the relay
    // nor the consumer (order-service and the dashboard serve the whole cluster anyway).
    for (String closed :
        List.of("outbox-relay", "outbox-relay-payments", "inbox-consumer", "payment-service")) {
      Pod pod =
          Pods.of(prod).stream()
              .filter(p -> closed.equals(p.labels().get("app.kubernetes.io/name")))
              .findFirst()
              .orElseThrow();
      soft.assertThat(
              policies.admitsFromNamespace(
                  Map.of("kubernetes.io/metadata.name", "default"),
                  elsewhere,
                  pod,
                  pod.resolve("http")))
          .as("a Prometheus-labelled pod of namespace default reaches %s", closed)
          .isFalse();
    }
    soft.assertAll();
  }

  @Test
  void everyPrometheusOperatorResourceCarriesTheSameReleaseLabel() {
    // One Prometheus selects them all by this label: a resource with another value is never loaded.
    List<Manifest> resources =
        Overlay.load("prod").manifests().stream()
            .filter(m -> m.apiVersion().startsWith("monitoring.coreos.com/"))
            .toList();
    assertThat(resources).extracting(Manifest::kind).contains("PodMonitor", "PrometheusRule");
    assertThat(
            resources.stream()
                .map(m -> m.raw().path("metadata").path("labels").path("release").asText(""))
                .collect(java.util.stream.Collectors.toSet()))
        .as("release labels of %s", resources.stream().map(Manifest::id).toList())
        .hasSize(1)
        .doesNotContain("");
  }

  @Test
  void theDevOverlayNeedsNoPrometheusOperator() {
    assertThat(Overlay.load("dev").manifests())
        .extracting(Manifest::apiVersion)
        .noneMatch(v -> v.startsWith("monitoring.coreos.com/"));
  }

  private static List<PodMetricsEndpoint> endpointsSelecting(
      Overlay overlay, Map<String, String> podLabels) {
    return overlay.all("monitoring.coreos.com", "PodMonitor").stream()
        .map(m -> m.as(PodMonitor.class))
        .filter(pm -> Pods.matches(pm.getSpec().getSelector(), podLabels))
        .flatMap(pm -> pm.getSpec().getPodMetricsEndpoints().stream())
        .toList();
  }
}
