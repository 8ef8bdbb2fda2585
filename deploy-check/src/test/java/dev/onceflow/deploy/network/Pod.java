package dev.onceflow.deploy.network;

import java.util.Map;

/**
 * A pod as NetworkPolicies see it: its labels and named ports. Either a pod template of the overlay
 * or one an operator will create from a custom resource (CloudNativePG instances, Strimzi nodes).
 */
public record Pod(String name, Map<String, String> labels, Map<String, Integer> ports) {

  /** A pod of the namespace that none of the manifests describes: it must be let in nowhere. */
  public static Pod stranger() {
    return new Pod("<any other pod>", Map.of(), Map.of());
  }

  /** The number of port {@code nameOrNumber} on this pod, or -1 when it has no such named port. */
  public int resolve(String nameOrNumber) {
    if (nameOrNumber.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(nameOrNumber);
    }
    return ports.getOrDefault(nameOrNumber, -1);
  }
}
