package dev.onceflow.deploy;

import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.render.Repository;
import dev.onceflow.deploy.services.ServiceModule;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;

/** The Onceflow services the manifests deploy; each is a Deployment named like its module. */
final class Catalogue {

  static final List<String> OVERLAYS = Overlay.NAMES;

  static final List<String> SERVICES =
      List.of("order-service", "outbox-relay", "inbox-consumer", "dashboard");

  private Catalogue() {}

  private static final java.util.Map<String, ServiceModule> MODULES =
      new java.util.concurrent.ConcurrentHashMap<>();

  static ServiceModule module(String service) {
    return MODULES.computeIfAbsent(service, s -> ServiceModule.load(Repository.root(), s));
  }

  /** The service's own container in its Deployment (named like the service). */
  static Container container(Overlay overlay, String service) {
    return overlay.service(service).template().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(service))
        .findFirst()
        .orElseThrow(() -> new AssertionError(overlay.name() + ": no container " + service));
  }
}
