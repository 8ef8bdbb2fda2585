package dev.onceflow.deploy.services;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code k8s/required-secrets.yaml}: the Secrets an operator creates before applying an overlay.
 */
public final class RequiredSecrets {

  /** One Secret: its name, the keys the manifests read, the overlays that need it. */
  public record Secret(String name, List<String> keys, List<String> overlays, String purpose) {}

  private RequiredSecrets() {}

  /** Every entry of the file. */
  public static List<Secret> read(Path root) {
    try {
      return List.of(
          new ObjectMapper(new YAMLFactory())
              .readValue(root.resolve("k8s/required-secrets.yaml").toFile(), Secret[].class));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read k8s/required-secrets.yaml", e);
    }
  }

  /** The entries an overlay needs. */
  public static List<Secret> forOverlay(Path root, String overlay) {
    return read(root).stream().filter(s -> s.overlays().contains(overlay)).toList();
  }
}
