package dev.onceflow.deploy.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a container gets: {@code envFrom} ConfigMaps first, then {@code env} entries
 * (which win, as in Kubernetes). Values from Secrets are {@code <secret name/key>}; values from a
 * missing ConfigMap are {@code null}.
 */
public final class ContainerEnv {

  private ContainerEnv() {}

  /** Variable name to value, in the order Kubernetes builds it. */
  public static Map<String, String> of(Overlay overlay, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      for (EnvFromSource source : container.getEnvFrom()) {
        if (source.getConfigMapRef() != null) {
          overlay
              .find("", "ConfigMap", source.getConfigMapRef().getName())
              .map(m -> m.as(ConfigMap.class).getData())
              .ifPresent(data -> data.forEach((k, v) -> env.put(prefix(source) + k, v)));
        }
        if (source.getSecretRef() != null) {
          env.put(
              prefix(source) + "<every key of Secret " + source.getSecretRef().getName() + ">",
              null);
        }
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        if (var.getValueFrom() == null) {
          env.put(var.getName(), var.getValue());
        } else if (var.getValueFrom().getSecretKeyRef() != null) {
          var ref = var.getValueFrom().getSecretKeyRef();
          env.put(var.getName(), "<secret " + ref.getName() + "/" + ref.getKey() + ">");
        } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
          var ref = var.getValueFrom().getConfigMapKeyRef();
          env.put(
              var.getName(),
              overlay
                  .find("", "ConfigMap", ref.getName())
                  .map(m -> m.as(ConfigMap.class).getData().get(ref.getKey()))
                  .orElse(null));
        } else {
          env.put(var.getName(), "<field reference>");
        }
      }
    }
    return env;
  }

  private static String prefix(EnvFromSource source) {
    return source.getPrefix() == null ? "" : source.getPrefix();
  }
}
