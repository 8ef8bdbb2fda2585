package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every overlay renders with kubectl kustomize and every document reads strictly into its model.
 */
class OverlayRenderTest {

  static final java.util.List<String> OVERLAYS = Overlay.NAMES;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void rendersAndEveryDocumentIsStrictlyValid(String name) {
    Overlay overlay = Overlay.load(name);
    Map<String, Long> kinds =
        overlay.manifests().stream()
            .collect(Collectors.groupingBy(Manifest::kind, TreeMap::new, Collectors.counting()));
    System.out.println("deploy-check: overlay " + name + " renders " + kinds);
    assertThat(overlay.problems()).as("strict read of overlay %s", name).isEmpty();
    assertThat(overlay.manifests()).isNotEmpty();
  }
}
