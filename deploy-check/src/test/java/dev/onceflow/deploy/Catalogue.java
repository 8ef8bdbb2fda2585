package dev.onceflow.deploy;

import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.render.Repository;
import dev.onceflow.deploy.services.ServiceModule;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Onceflow workloads the manifests deploy; each is a Deployment whose container and pod label
 * {@code app.kubernetes.io/name} are named like it. Most run the module of the same name; a relay
 * shard beyond the first runs the outbox-relay module under a name of its own.
 */
final class Catalogue {

  static final List<String> OVERLAYS = Overlay.NAMES;

  static final List<String> SERVICES =
      List.of(
          "order-service",
          "outbox-relay",
          "outbox-relay-payments",
          "inbox-consumer",
          "payment-service",
          "dashboard");

  /** One relay Deployment per database, each its own shard (docs/kubernetes.md). */
  static final List<String> RELAY_SHARDS = List.of("outbox-relay", "outbox-relay-payments");

  /** Services that consume through platform-core's inbox, each in its own consumer group. */
  static final List<String> INBOX_SERVICES =
      List.of("inbox-consumer", "payment-service", "order-service");

  /** Workloads that run a module of another name. */
  private static final Map<String, String> MODULE_OF =
      Map.of("outbox-relay-payments", "outbox-relay");

  /** The modules the workloads run, each once. */
  static final List<String> MODULES =
      SERVICES.stream().map(Catalogue::moduleOf).distinct().toList();

  private Catalogue() {}

  private static final Map<String, ServiceModule> LOADED = new ConcurrentHashMap<>();

  /** The module a workload runs (its image is onceflow/&lt;module&gt;). */
  static String moduleOf(String service) {
    return MODULE_OF.getOrDefault(service, service);
  }

  static ServiceModule module(String service) {
    return LOADED.computeIfAbsent(moduleOf(service), m -> ServiceModule.load(Repository.root(), m));
  }

  /** The service's own container in its Deployment (named like the service). */
  static Container container(Overlay overlay, String service) {
    return overlay.service(service).template().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(service))
        .findFirst()
        .orElseThrow(() -> new AssertionError(overlay.name() + ": no container " + service));
  }
}
