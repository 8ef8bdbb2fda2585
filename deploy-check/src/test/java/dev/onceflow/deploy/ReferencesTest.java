package dev.onceflow.deploy;

import dev.onceflow.deploy.cnpg.CnpgCluster;
import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.render.Repository;
import dev.onceflow.deploy.render.StrimziSecrets;
import dev.onceflow.deploy.services.RequiredSecrets;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every ConfigMap, Secret and ServiceAccount a manifest refers to exists: ConfigMaps and
 * ServiceAccounts in the overlay (with the referenced keys), Secrets in k8s/required-secrets.yaml
 * (the one list of what the operator creates), and that list holds nothing unused.
 */
class ReferencesTest {

  static final List<String> OVERLAYS = Catalogue.OVERLAYS;

  /** A reference to a key of a Secret; key null when the whole Secret is used. */
  record SecretUse(String secret, String key, String by) {}

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void configMapsAndServiceAccountsExistInTheOverlay(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    Set<String> accounts = new HashSet<>();
    overlay.all("", "ServiceAccount").forEach(m -> accounts.add(m.name()));
    for (Overlay.Workload workload : overlay.workloads()) {
      PodSpec pod = workload.template().getSpec();
      String account =
          pod.getServiceAccountName() == null ? "default" : pod.getServiceAccountName();
      soft.assertThat(accounts)
          .as("%s: ServiceAccount of %s", name, workload.id())
          .contains(account);
      for (Container container : containers(pod)) {
        for (EnvFromSource from : list(container.getEnvFrom())) {
          if (from.getConfigMapRef() != null) {
            configMap(soft, overlay, from.getConfigMapRef().getName(), null, workload.id());
          }
        }
        for (EnvVar var : list(container.getEnv())) {
          if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
            var ref = var.getValueFrom().getConfigMapKeyRef();
            configMap(soft, overlay, ref.getName(), ref.getKey(), workload.id());
          }
        }
      }
      for (Volume volume : list(pod.getVolumes())) {
        if (volume.getConfigMap() != null) {
          configMap(soft, overlay, volume.getConfigMap().getName(), null, workload.id());
          for (var item : list(volume.getConfigMap().getItems())) {
            configMap(soft, overlay, volume.getConfigMap().getName(), item.getKey(), workload.id());
          }
        }
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everySecretIsARequiredSecretAndEveryRequiredSecretIsUsed(String name) {
    Overlay overlay = Overlay.load(name);
    List<SecretUse> uses = secretUses(overlay);
    Map<String, RequiredSecrets.Secret> required = new HashMap<>();
    RequiredSecrets.forOverlay(Repository.root(), name).forEach(s -> required.put(s.name(), s));
    Map<String, Set<String>> generated = StrimziSecrets.of(overlay);
    SoftAssertions soft = new SoftAssertions();
    for (SecretUse use : uses) {
      RequiredSecrets.Secret secret = required.get(use.secret());
      if (secret == null && generated.containsKey(use.secret())) {
        soft.assertThat(generated.get(use.secret()))
            .as(
                "%s: key %s of Strimzi's Secret %s used by %s",
                name, use.key(), use.secret(), use.by())
            .contains(
                use.key() == null ? generated.get(use.secret()).iterator().next() : use.key());
      } else if (secret == null) {
        soft.fail(
            "%s: %s uses Secret %s, which k8s/required-secrets.yaml does not list for %s",
            name, use.by(), use.secret(), name);
      } else if (use.key() != null) {
        soft.assertThat(secret.keys())
            .as("%s: key %s of Secret %s used by %s", name, use.key(), use.secret(), use.by())
            .contains(use.key());
      }
    }
    Set<String> used = new HashSet<>();
    uses.forEach(u -> used.add(u.secret()));
    soft.assertThat(used)
        .as("%s: every Secret k8s/required-secrets.yaml lists for %s is used", name, name)
        .containsAll(required.keySet());
    soft.assertAll();
  }

  @Test
  void theDocsShowHowToCreateEveryRequiredSecret() throws IOException {
    String docs = Files.readString(Repository.root().resolve("docs/kubernetes.md"));
    SoftAssertions soft = new SoftAssertions();
    for (RequiredSecrets.Secret secret : RequiredSecrets.read(Repository.root())) {
      String command = createCommand(docs, secret.name());
      if (command == null) {
        soft.fail(
            "docs/kubernetes.md has no `kubectl ... create secret ... %s` command", secret.name());
        continue;
      }
      for (String key : secret.keys()) {
        soft.assertThat(command)
            .as("the docs' command for %s sets key %s", secret.name(), key)
            .contains("--from-literal=" + key + "=");
      }
    }
    soft.assertAll();
  }

  /** The (backslash-continued) command that creates Secret {@code name}, or null. */
  private static String createCommand(String docs, String name) {
    var matcher =
        Pattern.compile("kubectl\\b[^\\n]*\\bcreate secret \\S+ " + Pattern.quote(name) + "(?=\\s)")
            .matcher(docs);
    if (!matcher.find()) {
      return null;
    }
    StringBuilder command = new StringBuilder();
    int lineStart = docs.lastIndexOf('\n', matcher.start()) + 1;
    for (String line : docs.substring(lineStart).split("\n")) {
      command.append(line).append('\n');
      if (!line.stripTrailing().endsWith("\\")) {
        break;
      }
    }
    return command.toString();
  }

  static List<SecretUse> secretUses(Overlay overlay) {
    List<SecretUse> uses = new ArrayList<>();
    for (Overlay.Workload workload : overlay.workloads()) {
      PodSpec pod = workload.template().getSpec();
      for (Container container : containers(pod)) {
        for (EnvFromSource from : list(container.getEnvFrom())) {
          if (from.getSecretRef() != null) {
            uses.add(new SecretUse(from.getSecretRef().getName(), null, workload.id()));
          }
        }
        for (EnvVar var : list(container.getEnv())) {
          if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
            var ref = var.getValueFrom().getSecretKeyRef();
            uses.add(
                new SecretUse(
                    ref.getName(), ref.getKey(), workload.id() + " env " + var.getName()));
          }
        }
      }
      for (Volume volume : list(pod.getVolumes())) {
        if (volume.getSecret() != null) {
          uses.add(new SecretUse(volume.getSecret().getSecretName(), null, workload.id()));
        }
      }
      for (var pullSecret : list(pod.getImagePullSecrets())) {
        uses.add(new SecretUse(pullSecret.getName(), null, workload.id()));
      }
    }
    for (Manifest m : overlay.all("postgresql.cnpg.io", "Cluster")) {
      CnpgCluster.Spec spec = m.as(CnpgCluster.class).spec();
      // CloudNativePG reads username and password from the basic-auth Secrets it is given.
      if (spec.bootstrap() != null
          && spec.bootstrap().initdb() != null
          && spec.bootstrap().initdb().secret() != null) {
        String secret = spec.bootstrap().initdb().secret().name();
        uses.add(new SecretUse(secret, "username", m.id() + " bootstrap.initdb.secret"));
        uses.add(new SecretUse(secret, "password", m.id() + " bootstrap.initdb.secret"));
      }
      if (spec.managed() != null && spec.managed().roles() != null) {
        for (CnpgCluster.Role role : spec.managed().roles()) {
          if (role.passwordSecret() != null) {
            String by = m.id() + " managed role " + role.name();
            uses.add(new SecretUse(role.passwordSecret().name(), "username", by));
            uses.add(new SecretUse(role.passwordSecret().name(), "password", by));
          }
        }
      }
    }
    return uses;
  }

  private static void configMap(
      SoftAssertions soft, Overlay overlay, String configMap, String key, String by) {
    var found = overlay.find("", "ConfigMap", configMap);
    soft.assertThat(found)
        .as("%s: ConfigMap %s used by %s exists", overlay.name(), configMap, by)
        .isPresent();
    if (key != null) {
      found.ifPresent(
          m ->
              soft.assertThat(m.as(ConfigMap.class).getData())
                  .as("%s: key %s of ConfigMap %s used by %s", overlay.name(), key, configMap, by)
                  .containsKey(key));
    }
  }

  static List<Container> containers(PodSpec pod) {
    return Stream.concat(list(pod.getInitContainers()).stream(), list(pod.getContainers()).stream())
        .toList();
  }

  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }
}
