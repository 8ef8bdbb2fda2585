package dev.onceflow.deploy.network;

import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates the NetworkPolicies of an overlay the way the Kubernetes API defines them, for pods of
 * one namespace: a pod selected by some policy of a direction is isolated in that direction and
 * accepts only what one of those policies allows. Includes the policy Strimzi generates for each
 * listener from its {@code networkPolicyPeers}.
 */
public final class Policies {

  private final List<NetworkPolicy> policies;
  private final Map<String, String> namespaceLabels;

  private Policies(List<NetworkPolicy> policies, Map<String, String> namespaceLabels) {
    this.policies = policies;
    this.namespaceLabels = namespaceLabels;
  }

  /** The overlay's policies, Strimzi's generated listener policies included. */
  public static Policies of(Overlay overlay) {
    List<NetworkPolicy> policies = new ArrayList<>();
    overlay
        .all("networking.k8s.io", "NetworkPolicy")
        .forEach(m -> policies.add(m.as(NetworkPolicy.class)));
    for (Manifest m : overlay.all("kafka.strimzi.io", "Kafka")) {
      Kafka kafka = m.as(Kafka.class);
      for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
        List<NetworkPolicyPeer> peers = listener.getNetworkPolicyPeers();
        policies.add(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("strimzi-generated-" + m.name() + "-" + listener.getName())
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .addToMatchLabels("strimzi.io/cluster", m.name())
                .addToMatchLabels("strimzi.io/kind", "Kafka")
                .addToMatchLabels("strimzi.io/broker-role", "true")
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .withFrom(peers == null ? List.of() : peers)
                .addNewPort()
                .withPort(new IntOrString(listener.getPort()))
                .withProtocol("TCP")
                .endPort()
                .endIngress()
                .endSpec()
                .build());
      }
    }
    String namespace =
        overlay.all("", "Namespace").stream().map(Manifest::name).findFirst().orElse("default");
    return new Policies(policies, Map.of("kubernetes.io/metadata.name", namespace));
  }

  /** Whether {@code source} may open a TCP connection to {@code port} of {@code target}. */
  public boolean allows(Pod source, Pod target, int port) {
    return egressAllows(source, target, port)
        && ingressAllows(source, namespaceLabels, target, port);
  }

  /**
   * Whether {@code source}, a pod of another namespace labelled {@code sourceNamespaceLabels}, may
   * open a TCP connection to {@code port} of {@code target}: the ingress side only, since the
   * source's egress is governed by its own namespace's policies.
   */
  public boolean admitsFromNamespace(
      Map<String, String> sourceNamespaceLabels, Pod source, Pod target, int port) {
    return ingressAllows(source, sourceNamespaceLabels, target, port);
  }

  /** Whether some policy isolates {@code pod} for {@code direction} ("Ingress" or "Egress"). */
  public boolean isolates(Pod pod, String direction) {
    return policies.stream().anyMatch(p -> selects(p, pod) && types(p).contains(direction));
  }

  private boolean ingressAllows(
      Pod source, Map<String, String> sourceNamespaceLabels, Pod target, int port) {
    List<NetworkPolicy> applying =
        policies.stream().filter(p -> selects(p, target) && types(p).contains("Ingress")).toList();
    if (applying.isEmpty()) {
      return true;
    }
    for (NetworkPolicy policy : applying) {
      for (var rule : nullSafe(policy.getSpec().getIngress())) {
        if (peersMatch(rule.getFrom(), sourceNamespaceLabels, source)
            && portsMatch(rule.getPorts(), target, port)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean egressAllows(Pod source, Pod target, int port) {
    List<NetworkPolicy> applying =
        policies.stream().filter(p -> selects(p, source) && types(p).contains("Egress")).toList();
    if (applying.isEmpty()) {
      return true;
    }
    for (NetworkPolicy policy : applying) {
      for (var rule : nullSafe(policy.getSpec().getEgress())) {
        if (peersMatch(rule.getTo(), namespaceLabels, target)
            && portsMatch(rule.getPorts(), target, port)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The ports of each egress rule of the policies selecting {@code pod} that lets it leave the
   * namespace (another namespace, an IP block, or anywhere); an empty set means every port.
   */
  public List<Set<Integer>> egressOutsideNamespace(Pod pod) {
    List<Set<Integer>> found = new ArrayList<>();
    for (NetworkPolicy policy : policies) {
      if (!selects(policy, pod) || !types(policy).contains("Egress")) {
        continue;
      }
      for (var rule : nullSafe(policy.getSpec().getEgress())) {
        List<NetworkPolicyPeer> to = nullSafe(rule.getTo());
        boolean leaves =
            to.isEmpty()
                || to.stream()
                    .anyMatch(
                        peer ->
                            peer.getIpBlock() != null
                                || (peer.getNamespaceSelector() != null
                                    && !Pods.matches(
                                        peer.getNamespaceSelector(), namespaceLabels)));
        if (leaves) {
          Set<Integer> ports = new TreeSet<>();
          for (NetworkPolicyPort port : nullSafe(rule.getPorts())) {
            ports.add(
                port.getPort() == null || port.getPort().getIntVal() == null
                    ? -1
                    : port.getPort().getIntVal());
          }
          found.add(ports);
        }
      }
    }
    return found;
  }

  private boolean selects(NetworkPolicy policy, Pod pod) {
    return Pods.matches(policy.getSpec().getPodSelector(), pod.labels());
  }

  private static List<String> types(NetworkPolicy policy) {
    List<String> types = policy.getSpec().getPolicyTypes();
    if (types != null && !types.isEmpty()) {
      return types;
    }
    return policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty()
        ? List.of("Ingress", "Egress")
        : List.of("Ingress");
  }

  /**
   * Peers of a rule; an empty list means every source (or destination). {@code pod} is in the
   * namespace labelled {@code podNamespaceLabels}.
   */
  private boolean peersMatch(
      List<NetworkPolicyPeer> peers, Map<String, String> podNamespaceLabels, Pod pod) {
    if (peers == null || peers.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPeer peer : peers) {
      if (peer.getIpBlock() != null) {
        continue; // pod IPs are not known here; no Onceflow policy admits pods by IP
      }
      LabelSelector namespaces = peer.getNamespaceSelector();
      boolean namespaceOk =
          namespaces == null
              ? podNamespaceLabels.equals(namespaceLabels)
              : Pods.matches(namespaces, podNamespaceLabels);
      if (namespaceOk && Pods.matches(peer.getPodSelector(), pod.labels())) {
        return true;
      }
    }
    return false;
  }

  private static boolean portsMatch(List<NetworkPolicyPort> ports, Pod target, int port) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort p : ports) {
      if (p.getProtocol() != null && !p.getProtocol().equals("TCP")) {
        continue;
      }
      if (p.getPort() == null) {
        return true;
      }
      int number =
          p.getPort().getIntVal() != null
              ? p.getPort().getIntVal()
              : target.resolve(p.getPort().getStrVal());
      int end = p.getEndPort() != null ? p.getEndPort() : number;
      if (number >= 0 && port >= number && port <= end) {
        return true;
      }
    }
    return false;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
