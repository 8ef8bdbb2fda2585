package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.deploy.monitoring.ExportedMetrics;
import dev.onceflow.deploy.monitoring.PromQl;
import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.render.Repository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shipped for Grafana's sidecar: valid JSON, every panel queries the
 * Prometheus data source chosen by its variable, and every query names only metrics that a service
 * really exports (the lists each service's ExportedMetricsTest checks against its /q/metrics).
 */
class GrafanaDashboardTest {

  static final Path DASHBOARD =
      Repository.root().resolve("k8s/base/monitoring/grafana/onceflow.json");

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyQueryNamesOnlyExportedMetrics() throws IOException {
    SortedSet<String> exported = ExportedMetrics.all(Catalogue.MODULES);
    List<String> queries = queries(JSON.readTree(DASHBOARD.toFile()));
    assertThat(queries).hasSizeGreaterThan(10);
    List<String> problems = new ArrayList<>();
    for (String query : queries) {
      SortedSet<String> names = PromQl.metricNames(query);
      if (names.isEmpty()) {
        problems.add("names no metric: " + query);
      }
      for (String name : names) {
        if (!exported.contains(name)) {
          problems.add(name + " is exported by no service (in " + query + ")");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyServiceHasAPanel() throws IOException {
    Set<String> charted = new HashSet<>();
    for (String query : queries(JSON.readTree(DASHBOARD.toFile()))) {
      charted.addAll(PromQl.metricNames(query));
    }
    for (var service : ExportedMetrics.byService(Catalogue.MODULES).entrySet()) {
      assertThat(service.getValue())
          .as("metrics of %s that the dashboard charts", service.getKey())
          .containsAnyOf(charted.toArray(String[]::new));
    }
  }

  @Test
  void panelsAreWellFormed() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("onceflow-overview");
    assertThat(dashboard.path("title").asText()).isNotBlank();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id %s", panel.path("id")).isTrue();
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      String title = panel.path("title").asText();
      assertThat(panel.path("datasource").path("uid").asText())
          .as("data source of panel %s", title)
          .isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as("queries of panel %s", title).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as("query of panel %s", title).isNotBlank();
      }
    }
  }

  @Test
  void shippedAsAConfigMapForGrafanasSidecar() throws IOException {
    ConfigMap configMap =
        Overlay.load("prod")
            .find("", "ConfigMap", "onceflow-grafana-dashboard")
            .orElseThrow(() -> new AssertionError("prod: no ConfigMap onceflow-grafana-dashboard"))
            .as(ConfigMap.class);
    assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(JSON.readTree(configMap.getData().get("onceflow.json")))
        .isEqualTo(JSON.readTree(DASHBOARD.toFile()));
  }

  /** Every PromQL query: panel targets, template variable queries and annotation queries. */
  static List<String> queries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        JsonNode query = variable.path("query");
        queries.add(query.isObject() ? query.path("query").asText() : query.asText());
      }
    }
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      if (annotation.has("expr")) {
        queries.add(annotation.path("expr").asText());
      }
    }
    return queries;
  }
}
