package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.RelayShard;
import dev.onceflow.contract.security.KafkaLogin;
import dev.onceflow.core.inbox.InboxChannelDefaults;
import dev.onceflow.core.inbox.InboxChannels;
import dev.onceflow.deploy.render.ContainerEnv;
import dev.onceflow.deploy.render.Manifest;
import dev.onceflow.deploy.render.Overlay;
import dev.onceflow.deploy.services.ServiceModule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Prod Kafka admits only KafkaUsers (SCRAM-SHA-512 over TLS), and each service's user has exactly
 * the ACLs its configuration needs: the topics, consumer groups and transactional ids read from the
 * service's own configuration (its {@code @ConfigMapping} defaults, application.properties and the
 * environment the prod overlay gives it). An ACL more, or one less, fails.
 */
class KafkaAclsTest {

  private static final String OVERLAY = "prod";
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

  @Test
  void everyListenerNeedsTlsAndScramAndAclsAreEnforced() {
    Overlay overlay = Overlay.load(OVERLAY);
    Kafka kafka = overlay.all("kafka.strimzi.io", "Kafka").get(0).as(Kafka.class);
    SoftAssertions soft = new SoftAssertions();
    for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
      soft.assertThat(listener.isTls()).as("listener %s uses TLS", listener.getName()).isTrue();
      soft.assertThat(listener.getAuth())
          .as("listener %s authenticates with SCRAM-SHA-512", listener.getName())
          .isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
    }
    soft.assertThat(kafka.getSpec().getKafka().getAuthorization())
        .as("ACLs are enforced")
        .isInstanceOf(KafkaAuthorizationSimple.class);
    soft.assertThat(kafka.getSpec().getEntityOperator().getUserOperator())
        .as("the User Operator turns KafkaUsers into credentials and ACLs")
        .isNotNull();
    soft.assertAll();
  }

  @Test
  void eachServicesUserHasExactlyTheAclsItsConfigurationNeeds() {
    Overlay overlay = Overlay.load(OVERLAY);
    Map<String, Set<String>> expected = new TreeMap<>();
    for (String shard : Catalogue.RELAY_SHARDS) {
      expected.put(shard, relayNeeds(overlay, shard));
    }
    for (String inbox : Catalogue.INBOX_SERVICES) {
      expected.put(inbox, inboxNeeds(overlay, inbox));
    }
    expected.put("dashboard", dashboardNeeds(overlay));

    Map<String, Set<String>> actual = new TreeMap<>();
    SoftAssertions soft = new SoftAssertions();
    for (Manifest m : overlay.all("kafka.strimzi.io", "KafkaUser")) {
      KafkaUser user = m.as(KafkaUser.class);
      soft.assertThat(user.getSpec().getAuthentication())
          .as("KafkaUser %s logs in with SCRAM-SHA-512", m.name())
          .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
      actual.put(m.name(), acls(user));
    }
    soft.assertThat(actual.keySet())
        .as("one KafkaUser per service that uses Kafka, and no other")
        .isEqualTo(expected.keySet());
    expected.forEach(
        (service, needs) ->
            soft.assertThat(actual.getOrDefault(service, Set.of()))
                .as("ACLs of KafkaUser %s (type:pattern:name:operation)", service)
                .isEqualTo(needs));
    soft.assertAll();
  }

  /** Every workload that talks to Kafka. */
  static final List<String> KAFKA_CLIENTS =
      Stream.of(Catalogue.RELAY_SHARDS, Catalogue.INBOX_SERVICES, List.of("dashboard"))
          .flatMap(List::stream)
          .toList();

  @ParameterizedTest
  @FieldSource("KAFKA_CLIENTS")
  void everyKafkaClientLogsInAsItsUserWithTheClusterCa(String service) {
    Overlay overlay = Overlay.load(OVERLAY);
    Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, service));
    assertThat(env)
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
        .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        .containsEntry("KAFKA_SASL_JAAS_CONFIG", "<secret " + service + "/sasl.jaas.config>")
        .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
        .containsEntry(
            "KAFKA_SSL_TRUSTSTORE_CERTIFICATES", "<secret onceflow-cluster-ca-cert/ca.crt>");
    // The services look these keys up by name (platform-contract's KafkaLogin): a variable the
    // manifest sets under another name would never reach a hand-made client.
    assertThat(env.keySet())
        .containsAll(KafkaLogin.KEYS.stream().map(KafkaLogin::environmentVariable).toList());
  }

  @Test
  void anAclForAnotherTopicGroupOrTransactionalIdIsCaught() {
    // The comparison is exact: a wider ACL (a prefix instead of a name, one operation more)
    // differs.
    assertThat(acl("topic", "prefix", "outbox.event.", "Write"))
        .isNotEqualTo(acl("topic", "literal", "outbox.event.order", "Write"));
    assertThat(Set.of(acl("group", "literal", "fulfillment", "Read")))
        .isNotEqualTo(
            Set.of(
                acl("group", "literal", "fulfillment", "Read"),
                acl("group", "literal", "fulfillment", "Delete")));
  }

  // --- what each service's configuration uses
  // -----------------------------------------------------

  private static Set<String> relayNeeds(Overlay overlay, String shard) {
    ServiceModule relay = Catalogue.module(shard);
    Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, shard));
    String prefix = value(relay, env, "onceflow.relay.topic-prefix");
    String offsets = value(relay, env, "onceflow.relay.offsets-topic");
    String deadLetters = value(relay, env, "onceflow.relay.dead-letter-topic");
    String transactionalId =
        RelayShard.transactionalId(value(relay, env, "onceflow.relay.shard-id"));
    Set<String> needs = new TreeSet<>();
    add(needs, "topic", "prefix", prefix, "Write", "Describe");
    // Create: OffsetsTopic.ensureExists creates it when missing (Kafka checks Create first).
    add(needs, "topic", "literal", offsets, "Create", "Describe", "Read", "Write");
    // Create: DeadLetters.ensureTopicExists, as for the offsets topic.
    add(needs, "topic", "literal", deadLetters, "Create", "Describe", "Write");
    add(needs, "transactionalId", "literal", transactionalId, "Write", "Describe");
    return needs;
  }

  /** What a service on platform-core's inbox needs, from its own channel configuration. */
  private static Set<String> inboxNeeds(Overlay overlay, String service) {
    ServiceModule inbox = Catalogue.module(service);
    Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, service));
    String events = resolve(inbox, env, channel(inbox, InboxChannels.EVENTS, "topic"));
    String eventsGroup = resolve(inbox, env, channel(inbox, InboxChannels.EVENTS, "group.id"));
    String deadLetterTopic =
        resolve(inbox, env, channel(inbox, InboxChannels.EVENTS, "dead-letter-queue.topic"));
    String deadLetters = resolve(inbox, env, channel(inbox, InboxChannels.DEAD_LETTERS, "topic"));
    String deadLettersGroup =
        resolve(inbox, env, channel(inbox, InboxChannels.DEAD_LETTERS, "group.id"));
    assertThat(deadLetters)
        .as("it reads back the topic it dead-letters to")
        .isEqualTo(deadLetterTopic);
    Set<String> needs = new TreeSet<>();
    add(needs, "topic", "literal", events, "Read", "Describe");
    add(needs, "topic", "literal", deadLetters, "Read", "Write", "Describe");
    // InboxJournal publishes every outcome to the journal topic.
    add(needs, "topic", "literal", OnceflowTopics.INBOX_JOURNAL, "Write", "Describe");
    // ConsumerLagMonitor describes its own group.
    add(needs, "group", "literal", eventsGroup, "Read", "Describe");
    add(needs, "group", "literal", deadLettersGroup, "Read");
    return needs;
  }

  private static Set<String> dashboardNeeds(Overlay overlay) {
    ServiceModule dashboard = Catalogue.module("dashboard");
    Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, "dashboard"));
    Set<String> needs = new TreeSet<>();
    // KafkaIngest.topics: the event topics, the journal and the dead letters; read only.
    add(
        needs,
        "topic",
        "prefix",
        value(dashboard, env, "onceflow.dashboard.event-topic-prefix"),
        "Read",
        "Describe");
    add(needs, "topic", "literal", OnceflowTopics.INBOX_JOURNAL, "Read", "Describe");
    add(needs, "topic", "literal", OnceflowTopics.DEAD_LETTERS, "Read", "Describe");
    add(
        needs,
        "group",
        "literal",
        value(dashboard, env, "onceflow.dashboard.consumer-group"),
        "Read");
    // Scraper: the inbox group's committed offsets, for its lag.
    add(
        needs,
        "group",
        "literal",
        value(dashboard, env, "onceflow.dashboard.inbox-consumer-group"),
        "Describe");
    // TransactionalWriters: listTransactions shows only the ids it may Describe.
    add(needs, "transactionalId", "prefix", RelayShard.TRANSACTIONAL_ID_PREFIX, "Describe");
    return needs;
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  /** A mapping key's value: the container's environment, else the mapping's default. */
  private static String value(ServiceModule module, Map<String, String> env, String key) {
    String variable = key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    return Optional.ofNullable(env.get(variable))
        .or(() -> module.property(key))
        .or(() -> module.mappingDefault(key))
        .orElseThrow(() -> new AssertionError(module.name() + " has no value for " + key));
  }

  private static String channel(ServiceModule module, String channel, String attribute) {
    String key = "mp.messaging.incoming." + channel + "." + attribute;
    // The inbox library derives its channels from onceflow.inbox.*; the service may override them.
    return module
        .property(key)
        .or(() -> Optional.ofNullable(InboxChannelDefaults.defaults().get(key)))
        .orElseThrow(() -> new AssertionError(module.name() + " does not set " + key));
  }

  /** Expands {@code ${key}} expressions with {@link #value}. */
  private static String resolve(ServiceModule module, Map<String, String> env, String text) {
    Matcher matcher = EXPRESSION.matcher(text);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          resolved, Matcher.quoteReplacement(value(module, env, matcher.group(1))));
    }
    matcher.appendTail(resolved);
    return resolved.toString();
  }

  private static void add(
      Set<String> needs, String type, String pattern, String name, String... operations) {
    for (String operation : operations) {
      needs.add(acl(type, pattern, name, operation));
    }
  }

  private static String acl(String type, String pattern, String name, String operation) {
    return type + ":" + pattern + ":" + name + ":" + operation;
  }

  private static Set<String> acls(KafkaUser user) {
    Set<String> acls = new TreeSet<>();
    if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
      return acls;
    }
    for (AclRule rule : simple.getAcls()) {
      String type = rule.getResource().getType();
      String name;
      String pattern;
      if (rule.getResource() instanceof AclRuleTopicResource topic) {
        name = topic.getName();
        pattern = topic.getPatternType().toValue();
      } else if (rule.getResource() instanceof AclRuleGroupResource group) {
        name = group.getName();
        pattern = group.getPatternType().toValue();
      } else if (rule.getResource() instanceof AclRuleTransactionalIdResource id) {
        name = id.getName();
        pattern = id.getPatternType().toValue();
      } else {
        name = "*";
        pattern = "cluster";
      }
      String host = rule.getHost() == null ? "*" : rule.getHost();
      for (AclOperation operation : rule.getOperations()) {
        acls.add(
            acl(type, pattern, name, operation.toValue()) + (host.equals("*") ? "" : "@" + host));
      }
    }
    return acls;
  }
}
