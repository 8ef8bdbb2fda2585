package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.deploy.render.ContainerEnv;
import dev.onceflow.deploy.render.KafkaSetup;
import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.services.ServiceModule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Replica counts fit the delivery guarantees: never more inbox consumers than partitions, an inbox
 * dedupe window that outlasts the topic's retention, and a relay of two replicas sharing one shard
 * (one stable transactional.id) with a standby that survives voluntary disruptions.
 */
class ScalingTest {

  static final List<String> OVERLAYS = Catalogue.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void neverMoreInboxConsumersThanPartitions(String name) {
    Overlay overlay = Overlay.load(name);
    ServiceModule inbox = Catalogue.module("inbox-consumer");
    Map<String, String> env =
        ContainerEnv.of(overlay, Catalogue.container(overlay, "inbox-consumer"));
    String topic = setting(inbox, env, "onceflow.inbox.topic");
    int concurrency = Integer.parseInt(setting(inbox, env, "onceflow.inbox.concurrency"));
    int maxReplicas = maxReplicas(overlay, "inbox-consumer");
    int partitions = KafkaSetup.of(overlay).topic(topic).partitions();
    System.out.printf(
        "deploy-check: %s inbox-consumer: %d replicas max x %d consumers = %d <= %d partitions of %s%n",
        name, maxReplicas, concurrency, maxReplicas * concurrency, partitions, topic);
    assertThat(maxReplicas * concurrency)
        .as(
            "%s: inbox-consumer max replicas (%d) x onceflow.inbox.concurrency (%d) vs. partitions of %s",
            name, maxReplicas, concurrency, topic)
        .isLessThanOrEqualTo(partitions);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theInboxRemembersEventsLongerThanTheTopicKeepsThem(String name) {
    Overlay overlay = Overlay.load(name);
    ServiceModule inbox = Catalogue.module("inbox-consumer");
    Map<String, String> env =
        ContainerEnv.of(overlay, Catalogue.container(overlay, "inbox-consumer"));
    Duration window = duration(setting(inbox, env, "onceflow.inbox.dedupe.window"));
    KafkaSetup kafka = KafkaSetup.of(overlay);
    KafkaSetup.Topic topic = kafka.topic(setting(inbox, env, "onceflow.inbox.topic"));
    Duration retention = Duration.ofMillis(Long.parseLong(kafka.effective(topic, "retention.ms")));
    assertThat(window)
        .as(
            "%s: onceflow.inbox.dedupe.window vs. retention.ms of %s: a re-read from the start must"
                + " find every event id still remembered",
            name, topic.name())
        .isGreaterThan(retention);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theRelayRunsOneShardOnTwoReplicas(String name) {
    Overlay overlay = Overlay.load(name);
    ServiceModule relay = Catalogue.module("outbox-relay");
    Overlay.Workload workload = overlay.service("outbox-relay");
    Deployment deployment = workload.manifest().as(Deployment.class);
    Map<String, String> env =
        ContainerEnv.of(overlay, Catalogue.container(overlay, "outbox-relay"));
    SoftAssertions soft = new SoftAssertions();
    long relays =
        overlay.workloads().stream()
            .filter(
                w ->
                    w.template().getSpec().getContainers().stream()
                        .anyMatch(c -> c.getImage().contains("outbox-relay")))
            .count();
    soft.assertThat(relays)
        .as("%s: one workload runs the relay (one shard, one lock)", name)
        .isEqualTo(1);
    soft.assertThat(deployment.getSpec().getReplicas())
        .as("%s: relay replicas (active + standby)", name)
        .isEqualTo(2);
    soft.assertThat(
            overlay.all("autoscaling", "HorizontalPodAutoscaler").stream()
                .map(
                    m ->
                        m.as(HorizontalPodAutoscaler.class)
                            .getSpec()
                            .getScaleTargetRef()
                            .getName()))
        .as("%s: the relay is not autoscaled", name)
        .doesNotContain("outbox-relay");
    soft.assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
        .as("%s: a relay rollout never runs a third replica", name)
        .isZero();
    String shard = env.get("ONCEFLOW_RELAY_SHARD_ID");
    soft.assertThat(shard)
        .as("%s: the shard (and so the transactional.id) is set explicitly", name)
        .isNotNull();
    if (shard != null) {
      soft.assertThat(shard).as("%s: shard id", name).matches("[A-Za-z0-9_-]{1,100}");
      System.out.println(
          "deploy-check: " + name + " outbox-relay transactional.id onceflow-relay-" + shard);
    }
    soft.assertThat(setting(relay, env, "onceflow.relay.delivery"))
        .as("%s: relay delivery", name)
        .isEqualTo("exactly-once");
    List<Manifest> budgets =
        overlay.all("policy", "PodDisruptionBudget").stream()
            .filter(
                m -> {
                  LabelSelector selector = m.as(PodDisruptionBudget.class).getSpec().getSelector();
                  return dev.onceflow.deploy.network.Pods.matches(selector, workload.podLabels());
                })
            .toList();
    soft.assertThat(budgets).as("%s: a PodDisruptionBudget covers the relay", name).hasSize(1);
    budgets.forEach(
        m -> {
          var spec = m.as(PodDisruptionBudget.class).getSpec();
          boolean keepsOne =
              (spec.getMaxUnavailable() != null
                      && spec.getMaxUnavailable().getIntVal() != null
                      && spec.getMaxUnavailable().getIntVal() == 1)
                  || (spec.getMinAvailable() != null
                      && spec.getMinAvailable().getIntVal() != null
                      && spec.getMinAvailable().getIntVal() == 1);
          soft.assertThat(keepsOne)
              .as("%s: %s keeps one relay up and lets one go", name, m.id())
              .isTrue();
        });
    String offsetsTopic = setting(relay, env, "onceflow.relay.offsets-topic");
    String eventTopic = setting(relay, env, "onceflow.relay.topic-prefix") + "order";
    soft.assertThat(offsetsTopic)
        .as("%s: the relay's offsets topic", name)
        .isEqualTo(OnceflowTopics.RELAY_OFFSETS);
    soft.assertThat(eventTopic)
        .as("%s: the relay's topic for order events", name)
        .isEqualTo(OnceflowTopics.ORDER_EVENTS);
    soft.assertAll();
  }

  /**
   * The value of a mapping key: from the container's environment, else its {@code @WithDefault}.
   */
  static String setting(ServiceModule module, Map<String, String> env, String key) {
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (dev.onceflow.deploy.services.EnvNames.sets(e.getKey(), key)) {
        return e.getValue();
      }
    }
    Optional<String> fallback = module.mappingDefault(key).or(() -> module.property(key));
    return fallback.orElseThrow(
        () ->
            new AssertionError(
                module.name()
                    + " declares no default for "
                    + key
                    + " and the manifests do not set it"));
  }

  private static int maxReplicas(Overlay overlay, String deployment) {
    return overlay.all("autoscaling", "HorizontalPodAutoscaler").stream()
        .map(m -> m.as(HorizontalPodAutoscaler.class).getSpec())
        .filter(s -> s.getScaleTargetRef().getName().equals(deployment))
        .map(s -> s.getMaxReplicas())
        .findFirst()
        .orElseGet(() -> overlay.service(deployment).replicas());
  }

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /**
   * A Quarkus duration: ISO-8601 ({@code PT5M}) or a number with a unit ({@code 7d}, {@code
   * 500ms}).
   */
  static Duration duration(String value) {
    Matcher m = SIMPLE.matcher(value.trim());
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    if (value.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    return Duration.parse(value.startsWith("P") ? value : "PT" + value);
  }
}
