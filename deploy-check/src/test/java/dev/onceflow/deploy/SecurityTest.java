package dev.onceflow.deploy;

import static dev.onceflow.deploy.Catalogue.SERVICES;

import dev.onceflow.deploy.render.Overlay;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every container of every overlay (infrastructure included) runs as the "restricted" Pod Security
 * Standard asks and more: non-root, no privilege escalation, no capabilities, RuntimeDefault
 * seccomp, a read-only root filesystem, requests and limits; service pods get a writable /tmp and
 * no ServiceAccount token.
 */
class SecurityTest {

  static final List<String> OVERLAYS = Catalogue.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyContainerIsLockedDown(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    for (Overlay.Workload workload : overlay.workloads()) {
      PodSpec pod = workload.template().getSpec();
      PodSecurityContext podContext = pod.getSecurityContext();
      soft.assertThat(pod.getAutomountServiceAccountToken())
          .as("%s: %s mounts no ServiceAccount token", name, workload.id())
          .isFalse();
      for (Container container : ReferencesTest.containers(pod)) {
        String what = name + ": " + workload.id() + " container " + container.getName();
        SecurityContext context = container.getSecurityContext();
        soft.assertThat(context).as("%s has a securityContext", what).isNotNull();
        if (context == null) {
          continue;
        }
        Boolean nonRoot =
            context.getRunAsNonRoot() != null
                ? context.getRunAsNonRoot()
                : podContext == null ? null : podContext.getRunAsNonRoot();
        soft.assertThat(nonRoot).as("%s runAsNonRoot", what).isTrue();
        Long user =
            context.getRunAsUser() != null
                ? context.getRunAsUser()
                : podContext == null ? null : podContext.getRunAsUser();
        soft.assertThat(user).as("%s runAsUser (not root)", what).isNotNull().isNotZero();
        soft.assertThat(context.getPrivileged())
            .as("%s privileged", what)
            .isNotEqualTo(Boolean.TRUE);
        soft.assertThat(context.getAllowPrivilegeEscalation())
            .as("%s allowPrivilegeEscalation", what)
            .isFalse();
        soft.assertThat(context.getReadOnlyRootFilesystem())
            .as("%s readOnlyRootFilesystem", what)
            .isTrue();
        soft.assertThat(context.getCapabilities()).as("%s capabilities", what).isNotNull();
        if (context.getCapabilities() != null) {
          soft.assertThat(context.getCapabilities().getDrop()).as("%s drops", what).contains("ALL");
          soft.assertThat(ReferencesTest.list(context.getCapabilities().getAdd()))
              .as("%s adds", what)
              .isEmpty();
        }
        String seccomp =
            context.getSeccompProfile() != null
                ? context.getSeccompProfile().getType()
                : podContext != null && podContext.getSeccompProfile() != null
                    ? podContext.getSeccompProfile().getType()
                    : null;
        soft.assertThat(seccomp).as("%s seccompProfile", what).isEqualTo("RuntimeDefault");
        resources(soft, what, container);
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void servicesGetAWritableTmp(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      PodSpec pod = overlay.service(service).template().getSpec();
      Container container = Catalogue.container(overlay, service);
      var mount =
          ReferencesTest.list(container.getVolumeMounts()).stream()
              .filter(m -> m.getMountPath().equals("/tmp"))
              .findFirst();
      soft.assertThat(mount).as("%s: %s mounts a volume at /tmp", name, service).isPresent();
      mount.ifPresent(
          m -> {
            Volume volume =
                pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(m.getName()))
                    .findFirst()
                    .orElse(null);
            soft.assertThat(volume != null && volume.getEmptyDir() != null)
                .as("%s: %s /tmp is an emptyDir", name, service)
                .isTrue();
            soft.assertThat(m.getReadOnly())
                .as("%s: %s /tmp writable", name, service)
                .isNotEqualTo(Boolean.TRUE);
          });
    }
    soft.assertAll();
  }

  private static void resources(SoftAssertions soft, String what, Container container) {
    var resources = container.getResources();
    Map<String, Quantity> requests = resources == null ? null : resources.getRequests();
    Map<String, Quantity> limits = resources == null ? null : resources.getLimits();
    soft.assertThat(requests).as("%s requests", what).isNotNull().containsKeys("cpu", "memory");
    soft.assertThat(limits).as("%s limits", what).isNotNull().containsKeys("cpu", "memory");
    if (requests == null || limits == null) {
      return;
    }
    for (String resource : List.of("cpu", "memory")) {
      if (requests.containsKey(resource) && limits.containsKey(resource)) {
        soft.assertThat(Quantity.getAmountInBytes(requests.get(resource)))
            .as("%s %s request <= limit", what, resource)
            .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(resource)));
      }
    }
  }
}
