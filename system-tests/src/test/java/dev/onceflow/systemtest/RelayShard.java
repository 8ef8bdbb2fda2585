package dev.onceflow.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.local.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The instances of one relay shard (one database, slot, lock and transactional id), named {@code
 * <service>-1}, {@code <service>-2}…: one active, the others standing by. Not thread-safe on its
 * own: {@link Services} calls it under its lock.
 */
final class RelayShard {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String service;
  private final Function<String, ServiceProcess> instance;
  private final List<ServiceProcess> instances = new CopyOnWriteArrayList<>();

  /**
   * @param service the shard's service in the topology
   * @param instance builds (does not start) the instance of that name
   */
  RelayShard(String service, Function<String, ServiceProcess> instance) {
    this.service = service;
    this.instance = instance;
  }

  /** Starts another instance of the shard; returns it. */
  ServiceProcess startAnother() {
    ServiceProcess another = instance.apply(service + "-" + (instances.size() + 1));
    instances.add(another);
    return another.start();
  }

  /** Waits until the first instance reports {@code active}. */
  void awaitActive(Duration patience) {
    ServiceProcess first = instances.get(0);
    first.awaitWhileAlive(
        () -> role(first).filter("active"::equals).isPresent(), patience, "active");
  }

  List<ServiceProcess> instances() {
    return List.copyOf(instances);
  }

  /** Kills the active instance with SIGKILL and starts it again at once. */
  ServiceProcess killActive() {
    ServiceProcess active =
        active().orElseThrow(() -> new IllegalStateException("no active " + service + " to kill"));
    active.killAndRestart();
    return active;
  }

  /**
   * Freezes the active instance with SIGSTOP, as a node lost to a power cut or a partition looks to
   * PostgreSQL and Kafka: its sessions stay open. Needs another instance standing by.
   */
  ServiceProcess freezeActive() {
    ServiceProcess active =
        active()
            .orElseThrow(() -> new IllegalStateException("no active " + service + " to freeze"));
    if (instances.stream().noneMatch(r -> r != active && r.isAlive())) {
      throw new IllegalStateException("no standby to take over from " + active.name());
    }
    active.pause();
    return active;
  }

  /** The instance reporting {@code active}, if exactly one does. */
  Optional<ServiceProcess> active() {
    return activeOtherThan(null);
  }

  /**
   * The instance other than {@code excluded} reporting {@code active}, if exactly one does; a
   * frozen instance is excluded so that its unanswered readiness probe costs nothing.
   */
  Optional<ServiceProcess> activeOtherThan(ServiceProcess excluded) {
    List<ServiceProcess> active =
        instances.stream()
            .filter(r -> r != excluded)
            .filter(r -> role(r).filter("active"::equals).isPresent())
            .toList();
    return active.size() == 1 ? Optional.of(active.get(0)) : Optional.empty();
  }

  /** Exactly one instance active and ready, every other a ready standby. */
  boolean healthy() {
    int active = 0;
    for (ServiceProcess relay : instances) {
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
}
