package dev.onceflow.deploy.network;

import dev.onceflow.deploy.cnpg.CnpgCluster;
import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pods of an overlay, including the ones operators create from its custom resources. */
public final class Pods {

  private Pods() {}

  /** Every pod template of the overlay plus the CloudNativePG and Strimzi pods it implies. */
  public static List<Pod> of(Overlay overlay) {
    List<Pod> pods = new ArrayList<>();
    for (Overlay.Workload workload : overlay.workloads()) {
      Map<String, Integer> ports = new HashMap<>();
      for (Container container : workload.template().getSpec().getContainers()) {
        if (container.getPorts() != null) {
          for (ContainerPort port : container.getPorts()) {
            if (port.getName() != null) {
              ports.put(port.getName(), port.getContainerPort());
            }
          }
        }
      }
      pods.add(new Pod(workload.id(), workload.podLabels(), ports));
    }
    for (Manifest m : overlay.all("postgresql.cnpg.io", "Cluster")) {
      CnpgCluster cluster = m.as(CnpgCluster.class);
      Map<String, String> labels = new HashMap<>();
      if (cluster.spec().inheritedMetadata() != null
          && cluster.spec().inheritedMetadata().labels() != null) {
        labels.putAll(cluster.spec().inheritedMetadata().labels());
      }
      labels.put("cnpg.io/cluster", m.name());
      labels.put("cnpg.io/podRole", "instance");
      pods.add(
          new Pod(
              "CloudNativePG pod of " + m.name(),
              labels,
              Map.of("postgresql", 5432, "status", 8000, "metrics", 9187)));
    }
    for (Manifest m : overlay.all("kafka.strimzi.io", "KafkaNodePool")) {
      KafkaNodePool pool = m.as(KafkaNodePool.class);
      String cluster = m.raw().path("metadata").path("labels").path("strimzi.io/cluster").asText();
      Map<String, String> labels = new HashMap<>();
      var template = pool.getSpec().getTemplate();
      if (template != null
          && template.getPod() != null
          && template.getPod().getMetadata() != null
          && template.getPod().getMetadata().getLabels() != null) {
        labels.putAll(template.getPod().getMetadata().getLabels());
      }
      labels.put("strimzi.io/cluster", cluster);
      labels.put("strimzi.io/kind", "Kafka");
      labels.put("strimzi.io/name", cluster + "-kafka");
      labels.put("strimzi.io/pool-name", m.name());
      Map<String, Integer> ports = new HashMap<>();
      if (pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
        labels.put("strimzi.io/broker-role", "true");
        ports.put("tcp-clients", 9092);
      }
      if (pool.getSpec().getRoles().contains(ProcessRoles.CONTROLLER)) {
        labels.put("strimzi.io/controller-role", "true");
      }
      pods.add(new Pod("Strimzi pod of pool " + m.name(), labels, ports));
    }
    return pods;
  }

  /** Whether {@code selector} selects a pod with {@code labels} (an empty selector selects all). */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = labels.get(r.getKey());
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> value != null && r.getValues().contains(value);
              case "NotIn" -> value == null || !r.getValues().contains(value);
              case "Exists" -> value != null;
              case "DoesNotExist" -> value == null;
              default -> throw new IllegalArgumentException("operator " + r.getOperator());
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a plain label map selects {@code labels} (Service selectors). */
  public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
