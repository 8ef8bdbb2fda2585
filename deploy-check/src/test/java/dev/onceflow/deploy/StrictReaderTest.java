package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.strict.StrictReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict reader rejects what an API server would reject or silently drop. */
class StrictReaderTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: demo
      spec:
        replicas: 2
        selector:
          matchLabels: {app: demo}
        template:
          metadata:
            labels: {app: demo}
          spec:
            containers:
              - name: demo
                image: demo:1
                env:
                  - name: PORT
                    value: "8080"
      """;

  private static List<String> problems(String yaml) {
    List<String> problems = new ArrayList<>();
    new StrictReader().readAll(yaml, problems);
    return problems;
  }

  @Test
  void aValidDeploymentPasses() {
    List<String> problems = new ArrayList<>();
    List<Manifest> manifests = new StrictReader().readAll(DEPLOYMENT, problems);
    assertThat(problems).isEmpty();
    assertThat(manifests).extracting(Manifest::id).containsExactly("Deployment/demo");
  }

  @Test
  void anUnknownFieldDeepInside() {
    assertThat(
            problems(
                DEPLOYMENT.replace(
                    "image: demo:1", "image: demo:1\n          imagePullPolicyy: Always")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("unknown field spec.template.spec.containers[0].imagePullPolicyy");
  }

  @Test
  void aNumberWhereAStringBelongs() {
    assertThat(problems(DEPLOYMENT.replace("value: \"8080\"", "value: 8080")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Deployment/demo")
        .contains("spec.template.spec.containers[0].env[0].value");
  }

  @Test
  void aStringWhereANumberBelongs() {
    assertThat(problems(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("spec.replicas");
  }

  @Test
  void aDuplicateKey() {
    assertThat(problems(DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  replicas: 3")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("replicas");
  }

  @Test
  void aCommittedSecret() {
    assertThat(problems("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("never committed");
  }

  @Test
  void aKindWithoutModel() {
    assertThat(problems("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("no strict model");
  }

  @Test
  void aStrimziPropertyRemovedFromTheV1Api() {
    String kafka =
        """
        apiVersion: kafka.strimzi.io/v1
        kind: Kafka
        metadata: {name: k}
        spec:
          kafka:
            replicas: 3
            listeners:
              - {name: plain, port: 9092, type: internal, tls: false}
        """;
    assertThat(problems(kafka))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("spec.kafka.replicas exists only in Strimzi API v1beta2");
    assertThat(problems(kafka.replace("    replicas: 3\n", ""))).isEmpty();
  }

  @Test
  void aStrimziUnknownField() {
    assertThat(
            problems(
                """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: k}}
                spec: {partitions: 3, replicas: 3, retention: 7d}
                """))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("spec.retention");
  }

  @Test
  void cloudNativePgFieldsAndParameters() {
    String cluster =
        """
        apiVersion: postgresql.cnpg.io/v1
        kind: Cluster
        metadata: {name: db}
        spec:
          instances: 3
          imageName: ghcr.io/cloudnative-pg/postgresql:17
          storage: {size: 1Gi}
          postgresql:
            parameters:
              wal_level: logical
        """;
    assertThat(problems(cluster)).isEmpty();
    assertThat(problems(cluster.replace("instances: 3", "instances: 3\n  instancez: 3")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("instancez");
    assertThat(
            problems(
                cluster.replace("wal_level: logical", "wal_level: logical\n      port: \"5433\"")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("parameters.port is managed by CloudNativePG");
    assertThat(problems(cluster.replace("wal_level: logical", "max_wal_senders: 10")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("max_wal_senders");
    assertThat(problems(cluster.replace("postgresql:17", "postgresql:latest")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("version tag");
  }

  @Test
  void synchronizedLogicalSlotsNeedWhatTheOperatorsWebhookDemands() {
    String cluster =
        """
        apiVersion: postgresql.cnpg.io/v1
        kind: Cluster
        metadata: {name: db}
        spec:
          instances: 3
          imageName: ghcr.io/cloudnative-pg/postgresql:17
          storage: {size: 1Gi}
          postgresql:
            parameters:
              wal_level: logical
              hot_standby_feedback: "on"
              sync_replication_slots: "on"
          replicationSlots:
            highAvailability:
              enabled: true
              synchronizeLogicalDecoding: true
        """;
    assertThat(problems(cluster)).isEmpty();
    assertThat(problems(cluster.replace("      sync_replication_slots: \"on\"\n", "")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("parameters.sync_replication_slots");
    assertThat(
            problems(
                cluster.replace("hot_standby_feedback: \"on\"", "hot_standby_feedback: \"off\"")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("parameters.hot_standby_feedback");
  }
}
