package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.onceflow.deploy.monitoring.ExportedMetrics;
import dev.onceflow.deploy.monitoring.PromQl;
import dev.onceflow.deploy.monitoring.Promtool;
import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.render.Repository;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules of the rendered prod overlay: valid for Prometheus ({@code promtool check
 * rules}), behaving as their unit tests in {@code k8s/base/monitoring/rule-tests} say ({@code
 * promtool test rules}), built on metrics the services really export, and each explained in {@code
 * docs/runbook.md}.
 */
class PrometheusRuleTest {

  static final Path RULE_TESTS = Repository.root().resolve("k8s/base/monitoring/rule-tests");

  /** The file name the rule tests load (their {@code rule_files}). */
  static final String RULES_FILE = "onceflow-rules.yaml";

  /**
   * Metrics the rules may use although no Onceflow service exports them. Each is a contract stated
   * in docs/runbook.md; Grafana's dashboard may not use them.
   */
  static final Map<String, String> CONTRACTS =
      Map.of(
          "cnpg_pg_replication_slots_pg_wal_lsn_diff",
          "CloudNativePG's exporter, default queries (prod overlay PodMonitor onceflow-postgres)");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void promtoolAcceptsTheRulesAndEveryRuleTestPasses(@TempDir Path dir) throws IOException {
    Promtool promtool = Promtool.require();
    Files.writeString(dir.resolve(RULES_FILE), YAML.writeValueAsString(ruleFile()));
    List<String> testFiles = new ArrayList<>();
    try (Stream<Path> files = Files.list(RULE_TESTS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
        testFiles.add(file.getFileName().toString());
      }
    }
    assertThat(testFiles).as("promtool test files in %s", RULE_TESTS).isNotEmpty();

    Promtool.Result check = promtool.run(dir, "check", "rules", RULES_FILE);
    System.out.println("deploy-check: promtool check rules\n" + check.output());
    assertThat(check.succeeded()).as("promtool check rules:\n%s", check.output()).isTrue();

    List<String> args = new ArrayList<>(List.of("test", "rules"));
    args.addAll(testFiles);
    Promtool.Result test = promtool.run(dir, args.toArray(String[]::new));
    System.out.println("deploy-check: promtool test rules " + testFiles + "\n" + test.output());
    assertThat(test.succeeded()).as("promtool test rules:\n%s", test.output()).isTrue();
  }

  @Test
  void everyAlertFiresInARuleTestAndStaysQuietInAnother() throws IOException {
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    try (Stream<Path> files = Files.list(RULE_TESTS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
          for (JsonNode alertTest : test.path("alert_rule_test")) {
            String alert = alertTest.path("alertname").asText();
            (alertTest.path("exp_alerts").isEmpty() ? quiet : fires).add(alert);
          }
        }
      }
    }
    for (Rule rule : alerts()) {
      assertThat(fires)
          .as("a rule test in which %s fires", rule.getAlert())
          .contains(rule.getAlert());
      assertThat(quiet)
          .as("a rule test in which %s does not fire", rule.getAlert())
          .contains(rule.getAlert());
    }
  }

  @Test
  void everyRuleUsesOnlyExportedMetricsOrADocumentedContract() {
    SortedSet<String> exported = ExportedMetrics.all(Catalogue.MODULES);
    List<String> unknown = new ArrayList<>();
    SortedSet<String> contractsUsed = new TreeSet<>();
    for (Rule rule : alerts()) {
      SortedSet<String> names = PromQl.metricNames(expr(rule));
      assertThat(names).as("metrics of %s", rule.getAlert()).isNotEmpty();
      for (String name : names) {
        if (CONTRACTS.containsKey(name)) {
          contractsUsed.add(name);
        } else if (!exported.contains(name)) {
          unknown.add(rule.getAlert() + " uses " + name + ", which no service exports");
        }
      }
    }
    assertThat(unknown).isEmpty();
    assertThat(contractsUsed).as("contracts no rule uses any more").isEqualTo(CONTRACTS.keySet());
  }

  @Test
  void everyAlertHasASeverityASummaryAndARunbookSection() throws IOException {
    String runbook = Files.readString(Repository.root().resolve("docs/runbook.md"));
    for (Rule rule : alerts()) {
      String alert = rule.getAlert();
      assertThat(rule.getLabels()).as("labels of %s", alert).containsKey("severity");
      assertThat(rule.getLabels().get("severity")).isIn("critical", "warning");
      assertThat(rule.getAnnotations()).as("annotations of %s", alert).containsKey("summary");
      assertThat(rule.getAnnotations().get("runbook_url"))
          .isEqualTo("docs/runbook.md#" + alert.toLowerCase(Locale.ROOT));
      assertThat(runbook)
          .as("docs/runbook.md section for %s", alert)
          .contains("\n## " + alert + "\n");
      for (String heading : List.of("**Means.**", "**Check.**", "**Fix.**")) {
        String section = runbook.substring(runbook.indexOf("\n## " + alert + "\n") + 1);
        int next = section.indexOf("\n## ");
        section = next < 0 ? section : section.substring(0, next);
        assertThat(section).as("%s in the runbook section of %s", heading, alert).contains(heading);
      }
    }
  }

  /** The {@code groups:} document of the prod overlay's PrometheusRule, as Prometheus reads it. */
  static ObjectNode ruleFile() {
    Manifest manifest = rule();
    ObjectNode file = YAML.createObjectNode();
    file.set("groups", manifest.raw().path("spec").path("groups"));
    return file;
  }

  static Manifest rule() {
    return Overlay.load("prod")
        .find("monitoring.coreos.com", "PrometheusRule", "onceflow")
        .orElseThrow(() -> new AssertionError("prod: no PrometheusRule onceflow"));
  }

  @Test
  void theRelayAbsentAlertWatchesEveryRelayShard() {
    Rule absent =
        alerts().stream()
            .filter(rule -> rule.getAlert().equals("OnceflowRelayAbsent"))
            .findFirst()
            .orElseThrow();
    String expr = expr(absent).replaceAll("\\s+", "");
    for (String shard : Catalogue.RELAY_SHARDS) {
      assertThat(expr)
          .as("OnceflowRelayAbsent must notice that shard %s has no target left", shard)
          .contains("absent(up{job=\"" + shard + "\"})");
      assertThat(shard)
          .as("the crash-loop term's job pattern must match shard %s", shard)
          .matches("outbox-relay(-.+)?");
    }
  }

  static List<Rule> alerts() {
    List<Rule> alerts = new ArrayList<>();
    for (RuleGroup group : rule().as(PrometheusRule.class).getSpec().getGroups()) {
      alerts.addAll(group.getRules().stream().filter(r -> r.getAlert() != null).toList());
    }
    assertThat(alerts).isNotEmpty();
    return alerts;
  }

  static String expr(Rule rule) {
    return rule.getExpr().getStrVal() != null
        ? rule.getExpr().getStrVal()
        : String.valueOf(rule.getExpr().getIntVal());
  }
}
