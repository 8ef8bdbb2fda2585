package dev.onceflow.deploy;

import static dev.onceflow.deploy.Catalogue.SERVICES;

import dev.onceflow.deploy.network.Pod;
import dev.onceflow.deploy.network.Pods;
import dev.onceflow.deploy.render.ContainerEnv;
import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Selectors select what they mean to: workloads their own pods, Services and PodDisruptionBudgets
 * existing pods, NetworkPolicies existing pods (those operators create included), HPAs existing
 * Deployments; and every host:port the services are configured with is a Service port.
 */
class SelectorsTest {

  static final List<String> OVERLAYS = Catalogue.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void workloadsServicesAndDisruptionBudgetsSelectRealPods(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    for (Overlay.Workload workload : overlay.workloads()) {
      LabelSelector selector = selectorOf(workload.manifest());
      if (selector != null) {
        soft.assertThat(Pods.matches(selector, workload.podLabels()))
            .as("%s: %s selects its own pod template", name, workload.id())
            .isTrue();
      }
    }
    for (Manifest m : overlay.all("", "Service")) {
      Service service = m.as(Service.class);
      List<Overlay.Workload> selected =
          overlay.workloads().stream()
              .filter(w -> Pods.matches(service.getSpec().getSelector(), w.podLabels()))
              .toList();
      soft.assertThat(selected).as("%s: %s selects pods", name, m.id()).isNotEmpty();
      for (ServicePort port : service.getSpec().getPorts()) {
        IntOrString target = port.getTargetPort();
        for (Overlay.Workload workload : selected) {
          if (target != null && target.getStrVal() != null) {
            boolean named =
                workload.template().getSpec().getContainers().stream()
                    .flatMap(c -> ReferencesTest.list(c.getPorts()).stream())
                    .anyMatch(p -> target.getStrVal().equals(p.getName()));
            soft.assertThat(named)
                .as(
                    "%s: %s targetPort %s is a named port of %s",
                    name, m.id(), target.getStrVal(), workload.id())
                .isTrue();
          }
        }
      }
    }
    for (Manifest m : overlay.all("policy", "PodDisruptionBudget")) {
      LabelSelector selector = m.as(PodDisruptionBudget.class).getSpec().getSelector();
      long count =
          overlay.workloads().stream().filter(w -> Pods.matches(selector, w.podLabels())).count();
      soft.assertThat(count).as("%s: %s selects exactly one workload", name, m.id()).isEqualTo(1);
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void autoscalersTargetDeploymentsThatLeaveTheReplicaCountToThem(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    for (Manifest m : overlay.all("autoscaling", "HorizontalPodAutoscaler")) {
      var target = m.as(HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef();
      var deployment = overlay.find("apps", target.getKind(), target.getName());
      soft.assertThat(deployment).as("%s: target of %s", name, m.id()).isPresent();
      deployment.ifPresent(
          d ->
              soft.assertThat(d.as(Deployment.class).getSpec().getReplicas())
                  .as("%s: %s sets no replicas (its HPA %s owns the count)", name, d.id(), m.name())
                  .isNull());
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void networkPoliciesSelectPodsThatExist(String name) {
    Overlay overlay = Overlay.load(name);
    List<Pod> pods = Pods.of(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (Manifest m : overlay.all("networking.k8s.io", "NetworkPolicy")) {
      NetworkPolicy policy = m.as(NetworkPolicy.class);
      soft.assertThat(
              pods.stream()
                  .anyMatch(p -> Pods.matches(policy.getSpec().getPodSelector(), p.labels())))
          .as("%s: %s selects some pod", name, m.id())
          .isTrue();
      List<NetworkPolicyPeer> peers = new ArrayList<>();
      ReferencesTest.list(policy.getSpec().getIngress())
          .forEach(r -> peers.addAll(ReferencesTest.list(r.getFrom())));
      ReferencesTest.list(policy.getSpec().getEgress())
          .forEach(r -> peers.addAll(ReferencesTest.list(r.getTo())));
      for (NetworkPolicyPeer peer : peers) {
        if (peer.getNamespaceSelector() == null && peer.getPodSelector() != null) {
          soft.assertThat(
                  pods.stream().anyMatch(p -> Pods.matches(peer.getPodSelector(), p.labels())))
              .as(
                  "%s: %s peer %s selects some pod",
                  name, m.id(), peer.getPodSelector().getMatchLabels())
              .isTrue();
        }
      }
    }
    soft.assertAll();
  }

  private static final Pattern URL =
      Pattern.compile("^(?:jdbc:postgresql|https?)://([a-z0-9.-]+):(\\d+)");
  private static final Pattern HOST_PORT = Pattern.compile("^([a-z0-9.-]+):(\\d+)$");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyHostAndPortTheServicesUseIsAServicePort(String name) {
    Overlay overlay = Overlay.load(name);
    Map<String, Set<Integer>> services = servicePorts(overlay);
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    for (String service : SERVICES) {
      Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, service));
      List<String[]> endpoints = new ArrayList<>();
      for (Map.Entry<String, String> e : env.entrySet()) {
        String value = e.getValue() == null ? "" : e.getValue();
        Matcher url = URL.matcher(value);
        if (url.find()) {
          endpoints.add(new String[] {e.getKey(), url.group(1), url.group(2)});
          continue;
        }
        for (String part : value.split(",")) {
          Matcher hostPort = HOST_PORT.matcher(part.trim());
          if (hostPort.matches()) {
            endpoints.add(new String[] {e.getKey(), hostPort.group(1), hostPort.group(2)});
          }
        }
      }
      if (env.containsKey("ONCEFLOW_RELAY_DATABASE_HOST")) {
        endpoints.add(
            new String[] {
              "ONCEFLOW_RELAY_DATABASE_HOST/PORT",
              env.get("ONCEFLOW_RELAY_DATABASE_HOST"),
              env.getOrDefault("ONCEFLOW_RELAY_DATABASE_PORT", "5432")
            });
      }
      for (String[] endpoint : endpoints) {
        checked++;
        soft.assertThat(services.getOrDefault(endpoint[1], Set.of()))
            .as(
                "%s: %s %s=%s:%s is a port of a Service in the overlay",
                name, service, endpoint[0], endpoint[1], endpoint[2])
            .contains(Integer.parseInt(endpoint[2]));
      }
    }
    soft.assertThat(checked).as("endpoints found in the services' configuration").isGreaterThan(5);
    soft.assertAll();
  }

  /** Service name to its ports, with the Services CloudNativePG and Strimzi will create. */
  private static Map<String, Set<Integer>> servicePorts(Overlay overlay) {
    Map<String, Set<Integer>> ports = new HashMap<>();
    for (Manifest m : overlay.all("", "Service")) {
      Set<Integer> set = new HashSet<>();
      m.as(Service.class).getSpec().getPorts().forEach(p -> set.add(p.getPort()));
      ports.put(m.name(), set);
    }
    for (Manifest m : overlay.all("postgresql.cnpg.io", "Cluster")) {
      for (String suffix : List.of("-rw", "-ro", "-r")) {
        ports.put(m.name() + suffix, Set.of(5432));
      }
    }
    for (Manifest m : overlay.all("kafka.strimzi.io", "Kafka")) {
      Set<Integer> set = new HashSet<>();
      m.as(Kafka.class).getSpec().getKafka().getListeners().forEach(l -> set.add(l.getPort()));
      ports.put(m.name() + "-kafka-bootstrap", set);
    }
    return ports;
  }

  private static LabelSelector selectorOf(Manifest m) {
    return switch (m.kind()) {
      case "Deployment" -> m.as(Deployment.class).getSpec().getSelector();
      case "StatefulSet" -> m.as(StatefulSet.class).getSpec().getSelector();
      default -> null;
    };
  }
}
