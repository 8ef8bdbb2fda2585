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
import java.util.Set;
import java.util.TreeMap;
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
    for (String service : Catalogue.INBOX_SERVICES) {
      ServiceModule inbox = Catalogue.module(service);
      Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, service));
      String topic = setting(inbox, env, "onceflow.inbox.topic");
      int concurrency = Integer.parseInt(setting(inbox, env, "onceflow.inbox.concurrency"));
      int maxReplicas = maxReplicas(overlay, service);
      int partitions = KafkaSetup.of(overlay).topic(topic).partitions();
      System.out.printf(
          "deploy-check: %s %s: %d replicas max x %d consumers = %d <= %d partitions of %s%n",
          name, service, maxReplicas, concurrency, maxReplicas * concurrency, partitions, topic);
      assertThat(maxReplicas * concurrency)
          .as(
              "%s: %s max replicas (%d) x onceflow.inbox.concurrency (%d) vs. partitions of %s",
              name, service, maxReplicas, concurrency, topic)
          .isLessThanOrEqualTo(partitions);
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theInboxRemembersEventsLongerThanTheTopicKeepsThem(String name) {
    Overlay overlay = Overlay.load(name);
    for (String service : Catalogue.INBOX_SERVICES) {
      ServiceModule inbox = Catalogue.module(service);
      Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, service));
      Duration window = duration(setting(inbox, env, "onceflow.inbox.dedupe.window"));
      KafkaSetup kafka = KafkaSetup.of(overlay);
      KafkaSetup.Topic topic = kafka.topic(setting(inbox, env, "onceflow.inbox.topic"));
      Duration retention =
          Duration.ofMillis(Long.parseLong(kafka.effective(topic, "retention.ms")));
      assertThat(window)
          .as(
              "%s: %s onceflow.inbox.dedupe.window vs. retention.ms of %s: a re-read from the start"
                  + " must find every event id still remembered",
              name, service, topic.name())
          .isGreaterThan(retention);
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void eachRelayShardRunsOnTwoReplicasOfItsOwn(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    long relays =
        overlay.workloads().stream()
            .filter(
                w ->
                    w.template().getSpec().getContainers().stream()
                        .anyMatch(c -> c.getImage().contains("outbox-relay")))
            .count();
    soft.assertThat(relays)
        .as("%s: one workload runs the relay per shard (one shard, one lock)", name)
        .isEqualTo(Catalogue.RELAY_SHARDS.size());
    Map<String, String> shardIds = new TreeMap<>();
    Map<String, String> databases = new TreeMap<>();
    for (String workloadName : Catalogue.RELAY_SHARDS) {
      relayShard(soft, overlay, name, workloadName, shardIds, databases);
    }
    soft.assertThat(Set.copyOf(shardIds.values()))
        .as("%s: every relay workload has a shard id (transactional.id, lock) of its own", name)
        .hasSize(Catalogue.RELAY_SHARDS.size());
    soft.assertThat(Set.copyOf(databases.values()))
        .as("%s: every relay shard reads a database of its own", name)
        .hasSize(Catalogue.RELAY_SHARDS.size());
    soft.assertAll();
  }

  private static void relayShard(
      SoftAssertions soft,
      Overlay overlay,
      String name,
      String shardWorkload,
      Map<String, String> shardIds,
      Map<String, String> databases) {
    ServiceModule relay = Catalogue.module(shardWorkload);
    Overlay.Workload workload = overlay.service(shardWorkload);
    Deployment deployment = workload.manifest().as(Deployment.class);
    Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, shardWorkload));
    soft.assertThat(deployment.getSpec().getReplicas())
        .as("%s: %s replicas (active + standby)", name, shardWorkload)
        .isEqualTo(2);
    soft.assertThat(
            overlay.all("autoscaling", "HorizontalPodAutoscaler").stream()
                .map(
                    m ->
                        m.as(HorizontalPodAutoscaler.class)
                            .getSpec()
                            .getScaleTargetRef()
                            .getName()))
        .as("%s: %s is not autoscaled", name, shardWorkload)
        .doesNotContain(shardWorkload);
    soft.assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
        .as("%s: a %s rollout never runs a third replica", name, shardWorkload)
        .isZero();
    String shard = env.get("ONCEFLOW_RELAY_SHARD_ID");
    soft.assertThat(shard)
        .as("%s: the shard (and so the transactional.id) is set explicitly", name)
        .isNotNull();
    if (shard != null) {
      soft.assertThat(shard).as("%s: shard id", name).matches("[A-Za-z0-9_-]{1,100}");
      shardIds.put(shardWorkload, shard);
      System.out.println(
          "deploy-check: "
              + name
              + " "
              + shardWorkload
              + " transactional.id onceflow-relay-"
              + shard);
    }
    databases.put(
        shardWorkload,
        setting(relay, env, "onceflow.relay.database.host")
            + "/"
            + setting(relay, env, "onceflow.relay.database.name"));
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
    soft.assertThat(budgets)
        .as("%s: a PodDisruptionBudget covers %s", name, shardWorkload)
        .hasSize(1);
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
    String prefix = setting(relay, env, "onceflow.relay.topic-prefix");
    soft.assertThat(offsetsTopic)
        .as("%s: the relay's offsets topic", name)
        .isEqualTo(OnceflowTopics.RELAY_OFFSETS);
    boolean known = shard != null && AGGREGATE_OF_SHARD.containsKey(shard);
    soft.assertThat(known)
        .as("%s: %s serves a known shard (%s)", name, shardWorkload, shard)
        .isTrue();
    if (known) {
      soft.assertThat(prefix + AGGREGATE_OF_SHARD.get(shard))
          .as("%s: %s's topic for its aggregate's events", name, shardWorkload)
          .isEqualTo(EVENT_TOPIC_OF_SHARD.get(shard));
    }
  }

  /** The aggregate type each shard's database records, and the topic its events go to. */
  private static final Map<String, String> AGGREGATE_OF_SHARD =
      Map.of("orders", "order", "payments", "payment");

  private static final Map<String, String> EVENT_TOPIC_OF_SHARD =
      Map.of("orders", OnceflowTopics.ORDER_EVENTS, "payments", OnceflowTopics.PAYMENT_EVENTS);

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
