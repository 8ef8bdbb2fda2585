package dev.onceflow.deploy;

import static dev.onceflow.deploy.Catalogue.SERVICES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.services.ServiceModule;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * One Kustomize {@code images:} entry per service in each overlay, named like the image Quarkus
 * builds ({@code onceflow/<service>}), and applied to the service's container; every image of every
 * overlay has an explicit tag; production images come from a registry, with a release tag.
 */
class ImagesTest {

  static final List<String> OVERLAYS = Catalogue.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void eachServiceImageHasOneEntryAndItIsApplied(String name) throws IOException {
    Overlay overlay = Overlay.load(name);
    JsonNode kustomization =
        new ObjectMapper(new YAMLFactory())
            .readTree(overlay.dir().resolve("kustomization.yaml").toFile());
    Map<String, JsonNode> entries = new HashMap<>();
    SoftAssertions soft = new SoftAssertions();
    for (JsonNode entry : kustomization.path("images")) {
      JsonNode previous = entries.put(entry.path("name").asText(), entry);
      soft.assertThat(previous)
          .as("%s: one images: entry for %s", name, entry.path("name").asText())
          .isNull();
    }
    for (String service : SERVICES) {
      String image = "onceflow/" + Catalogue.moduleOf(service);
      JsonNode entry = entries.get(image);
      soft.assertThat(entry).as("%s: an images: entry named %s", name, image).isNotNull();
      if (entry == null) {
        continue;
      }
      String expected = entry.path("newName").asText(image) + ":" + entry.path("newTag").asText();
      Container container = Catalogue.container(overlay, service);
      soft.assertThat(container.getImage()).as("%s: %s image", name, service).isEqualTo(expected);
      if (name.equals("prod")) {
        String repository = expected.substring(0, expected.lastIndexOf(':'));
        soft.assertThat(repository.split("/")[0])
            .as("%s: %s image comes from a registry host", name, service)
            .containsAnyOf(".", ":");
        soft.assertThat(entry.path("newTag").asText())
            .as("%s: %s image tag is a release", name, service)
            .doesNotContain("SNAPSHOT")
            .isNotEqualTo("latest");
      }
      ServiceModule module = Catalogue.module(service);
      module
          .property("quarkus.container-image.name")
          .ifPresent(
              n ->
                  soft.assertThat(
                          module.property("quarkus.container-image.group").orElse("") + "/" + n)
                      .as(
                          "%s: the image %s builds (quarkus.container-image.group/name)",
                          name, service)
                      .isEqualTo(image));
    }
    for (Overlay.Workload workload : overlay.workloads()) {
      for (Container container : ReferencesTest.containers(workload.template().getSpec())) {
        String image = container.getImage();
        String last = image.substring(image.lastIndexOf('/') + 1);
        soft.assertThat(last)
            .as("%s: %s image %s has a tag", name, workload.id(), image)
            .contains(":");
        soft.assertThat(image)
            .as("%s: %s image tag", name, workload.id())
            .doesNotEndWith(":latest");
      }
    }
    soft.assertAll();
  }
}
