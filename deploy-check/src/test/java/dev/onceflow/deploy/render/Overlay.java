package dev.onceflow.deploy.render;

import static org.junit.jupiter.api.Assertions.fail;

import dev.onceflow.deploy.strict.StrictReader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * One Kustomize overlay of {@code k8s/overlays}, rendered with {@code kubectl kustomize} and read
 * strictly. Rendered once per test run and shared by every test.
 */
public final class Overlay {

  /** The overlays every check runs on. */
  public static final List<String> NAMES = List.of("dev", "prod");

  private static final Map<String, Overlay> CACHE = new ConcurrentHashMap<>();

  private static volatile boolean warned;

  private final String name;
  private final Path dir;
  private final List<Manifest> manifests;
  private final List<String> problems;

  private Overlay(String name, Path dir, List<Manifest> manifests, List<String> problems) {
    this.name = name;
    this.dir = dir;
    this.manifests = List.copyOf(manifests);
    this.problems = List.copyOf(problems);
  }

  /**
   * The rendered overlay. Without kubectl the calling test is skipped with a message that says
   * plainly that nothing was checked; where {@code CI=true} or {@code
   * -Ddeploy-check.require-kubectl=true} it fails instead.
   */
  public static Overlay load(String name) {
    Kubectl kubectl = kubectlOrSkip();
    return CACHE.computeIfAbsent(name, n -> render(kubectl, n));
  }

  private static Overlay render(Kubectl kubectl, String name) {
    Path dir = Repository.root().resolve("k8s/overlays").resolve(name);
    String rendered = kubectl.kustomize(dir);
    List<String> problems = new ArrayList<>();
    List<Manifest> manifests = new StrictReader().readAll(rendered, problems);
    return new Overlay(name, dir, manifests, problems);
  }

  private static Kubectl kubectlOrSkip() {
    Optional<Kubectl> kubectl = Kubectl.find();
    if (kubectl.isPresent()) {
      return kubectl.get();
    }
    String message =
        "deploy-check: kubectl NOT FOUND (looked at $KUBECTL and PATH): the Kubernetes manifests in"
            + " k8s/ were NOT rendered and NOT checked. Install kubectl (1.27+, it embeds Kustomize)"
            + " to run these checks.";
    if (!warned) {
      warned = true;
      String banner = "!".repeat(100);
      System.err.println("\n" + banner + "\n" + message + "\n" + banner + "\n");
    }
    if ("true".equals(System.getenv("CI")) || Boolean.getBoolean("deploy-check.require-kubectl")) {
      fail(message + " It is required here (CI=true or -Ddeploy-check.require-kubectl=true).");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  /** Every document that was read into its model (problems or not). */
  public List<Manifest> manifests() {
    return manifests;
  }

  /** What the strict read found wrong: unknown fields, type errors, unknown kinds. */
  public List<String> problems() {
    return problems;
  }

  /** The documents of {@code kind} in {@code group} ({@code ""} for the core group). */
  public List<Manifest> all(String group, String kind) {
    return manifests.stream().filter(m -> m.is(group, kind)).toList();
  }

  /** The document {@code kind/name} in {@code group}, if any. */
  public Optional<Manifest> find(String group, String kind, String name) {
    return all(group, kind).stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** The ConfigMap generated as {@code generatorName} (name plus Kustomize's hash suffix). */
  public ConfigMap generatedConfigMap(String generatorName) {
    return all("", "ConfigMap").stream()
        .filter(
            m -> m.name().matches(java.util.regex.Pattern.quote(generatorName) + "-[a-z0-9]{10}"))
        .map(m -> m.as(ConfigMap.class))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(this.name + ": no ConfigMap generated as " + generatorName));
  }

  /** Every pod template: Deployments, StatefulSets and Jobs. */
  public List<Workload> workloads() {
    List<Workload> workloads = new ArrayList<>();
    for (Manifest m : all("apps", "Deployment")) {
      Deployment d = m.as(Deployment.class);
      workloads.add(new Workload(m, d.getSpec().getTemplate(), d.getSpec().getReplicas()));
    }
    for (Manifest m : all("apps", "StatefulSet")) {
      StatefulSet s = m.as(StatefulSet.class);
      workloads.add(new Workload(m, s.getSpec().getTemplate(), s.getSpec().getReplicas()));
    }
    for (Manifest m : all("batch", "Job")) {
      workloads.add(new Workload(m, m.as(Job.class).getSpec().getTemplate(), 1));
    }
    return workloads;
  }

  /** The Deployment of a service (named like its module). */
  public Workload service(String serviceName) {
    return workloads().stream()
        .filter(
            w ->
                w.manifest().kind().equals("Deployment") && w.manifest().name().equals(serviceName))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + ": no Deployment " + serviceName));
  }

  /** A workload's pod template, with the replica count it declares (null when an HPA owns it). */
  public record Workload(Manifest manifest, PodTemplateSpec template, Integer replicas) {

    /** Labels of the pods it makes. */
    public Map<String, String> podLabels() {
      Map<String, String> labels =
          template.getMetadata() == null ? null : template.getMetadata().getLabels();
      return labels == null ? Map.of() : labels;
    }

    public String id() {
      return manifest.id();
    }
  }
}
