package dev.onceflow.deploy;

import static dev.onceflow.deploy.Catalogue.SERVICES;

import dev.onceflow.deploy.render.ContainerEnv;
import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.services.ServiceModule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What the manifests say about each service agrees with the service itself: its HTTP port, the
 * health endpoints its probes call, and every environment variable it is given.
 */
class ServiceContractTest {

  static final java.util.List<String> OVERLAYS = Catalogue.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void containerPortIsTheServicesHttpPort(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      ServiceModule module = Catalogue.module(service);
      Container container = Catalogue.container(overlay, service);
      int port = module.httpPort(ContainerEnv.of(overlay, container));
      Optional<ContainerPort> http = httpPort(container);
      soft.assertThat(http).as("%s: %s has a container port named http", name, service).isPresent();
      http.ifPresent(
          p ->
              soft.assertThat(p.getContainerPort())
                  .as(
                      "%s: %s container port http vs. the port the service listens on",
                      name, service)
                  .isEqualTo(port));
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void probesCallTheServicesHealthEndpoints(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      ServiceModule module = Catalogue.module(service);
      Container container = Catalogue.container(overlay, service);
      int port = module.httpPort(ContainerEnv.of(overlay, container));
      Map<String, Probe> probes = new LinkedHashMap<>();
      probes.put("started", container.getStartupProbe());
      probes.put("live", container.getLivenessProbe());
      probes.put("ready", container.getReadinessProbe());
      for (Map.Entry<String, Probe> entry : probes.entrySet()) {
        String what = name + ": " + service + " " + entry.getKey() + " probe";
        Probe probe = entry.getValue();
        if (probe == null || probe.getHttpGet() == null) {
          soft.fail(what + " must be an httpGet probe on a Quarkus health endpoint");
          continue;
        }
        Optional<String> expected = module.healthPath(entry.getKey());
        soft.assertThat(expected)
            .as("%s: the service serves health endpoints (quarkus-smallrye-health)", what)
            .isPresent();
        expected.ifPresent(
            path -> soft.assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path));
        var probePort = probe.getHttpGet().getPort();
        int resolved =
            probePort.getIntVal() != null
                ? probePort.getIntVal()
                : httpPortNamed(container, probePort.getStrVal());
        soft.assertThat(resolved).as("%s port", what).isEqualTo(port);
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyEnvironmentVariableSetsAConfigurationKeyOfTheService(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      ServiceModule module = Catalogue.module(service);
      Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, service));
      for (String variable : env.keySet()) {
        Optional<String> key = module.keyOf(variable);
        if (key.isPresent()) {
          System.out.println(
              "deploy-check: " + name + " " + service + " " + variable + " -> " + key.get());
        } else {
          soft.fail(
              "%s: %s is given %s, which sets no configuration key of the service (not in its"
                  + " application.properties, its @ConfigMapping interfaces, the known Quarkus keys"
                  + " of its extensions, nor read by name)",
              name, service, variable);
        }
      }
    }
    soft.assertAll();
  }

  private static Optional<ContainerPort> httpPort(Container container) {
    return container.getPorts() == null
        ? Optional.empty()
        : container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst();
  }

  private static int httpPortNamed(Container container, String portName) {
    return container.getPorts().stream()
        .filter(p -> portName.equals(p.getName()))
        .mapToInt(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(-1);
  }
}
