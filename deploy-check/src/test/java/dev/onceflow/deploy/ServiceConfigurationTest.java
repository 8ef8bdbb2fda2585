package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.deploy.render.Repository;
import dev.onceflow.deploy.services.EnvNames;
import dev.onceflow.deploy.services.ServiceModule;
import org.junit.jupiter.api.Test;

/**
 * The rules deploy-check applies to environment variables, tried on the real modules: what they
 * accept and, as much, what they refuse.
 */
class ServiceConfigurationTest {

  @Test
  void environmentNamesFollowMicroProfileConfig() {
    assertThat(EnvNames.of("onceflow.relay.shard-id")).isEqualTo("ONCEFLOW_RELAY_SHARD_ID");
    assertThat(EnvNames.of("quarkus.datasource.jdbc.url")).isEqualTo("QUARKUS_DATASOURCE_JDBC_URL");
    assertThat(EnvNames.sets("ONCEFLOW_INBOX_DEDUPE_WINDOW", "onceflow.inbox.dedupe.window"))
        .isTrue();
    assertThat(EnvNames.sets("onceflow_inbox_topic", "onceflow.inbox.topic")).isTrue();
    assertThat(EnvNames.sets("ONCEFLOW_INBOX_TOPICS", "onceflow.inbox.topic")).isFalse();
  }

  @Test
  void keysComeFromMappingsPropertiesAndExpressions() {
    ServiceModule orders = ServiceModule.load(Repository.root(), "order-service");
    assertThat(orders.keyOf("ONCEFLOW_ORDERS_MAX_PAGE_SIZE"))
        .hasValueSatisfying(k -> assertThat(k).contains("@ConfigMapping"));
    assertThat(orders.mappingDefault("onceflow.orders.max-page-size")).hasValue("100");
    // platform-core's OutboxConfig: order-service uses platform-core's beans.
    assertThat(orders.keyOf("ONCEFLOW_OUTBOX_RETENTION")).isPresent();
    assertThat(orders.keyOf("QUARKUS_DATASOURCE_JDBC_URL")).isPresent();
    assertThat(orders.keyOf("QUARKUS_HTTP_PORT")).isPresent();
    assertThat(orders.keyOf("ONCEFLOW_ORDER_MAX_PAGE_SIZE")).isEmpty();
    // Its inbox (payment events) reads Kafka through the Kafka connector.
    assertThat(orders.keyOf("KAFKA_BOOTSTRAP_SERVERS")).isPresent();
    assertThat(orders.healthPath("ready")).hasValue("/q/health/ready");
  }

  @Test
  void theRelaysNestedGroupsAndProgrammaticKeys() {
    ServiceModule relay = ServiceModule.load(Repository.root(), "outbox-relay");
    assertThat(relay.keyOf("ONCEFLOW_RELAY_DATABASE_PASSWORD")).isPresent();
    assertThat(relay.keyOf("ONCEFLOW_RELAY_SHARD_ID")).isPresent();
    assertThat(relay.keyOf("KAFKA_BOOTSTRAP_SERVERS"))
        .hasValueSatisfying(k -> assertThat(k).contains("KafkaPassThrough"));
    // Map keys (onceflow.relay.debezium.*) are ambiguous in the environment and refused.
    assertThat(relay.keyOf("ONCEFLOW_RELAY_DEBEZIUM_SNAPSHOT_MODE")).isEmpty();
    // The relay excludes platform-core's beans: the outbox writer's keys mean nothing to it.
    assertThat(relay.keyOf("ONCEFLOW_OUTBOX_RETENTION")).isEmpty();
    assertThat(relay.keyOf("QUARKUS_DATASOURCE_PASSWORD"))
        .as("the relay has no Quarkus datasource")
        .isEmpty();
  }

  @Test
  void theInboxsGroups() {
    ServiceModule inbox = ServiceModule.load(Repository.root(), "inbox-consumer");
    assertThat(inbox.keyOf("ONCEFLOW_INBOX_HEALTH_RETRYING_THRESHOLD")).isPresent();
    // Transient failures are retried without limit: there is no attempt budget to set.
    assertThat(inbox.keyOf("ONCEFLOW_INBOX_RETRY_MAX_ATTEMPTS")).isEmpty();
    assertThat(inbox.mappingDefault("onceflow.inbox.concurrency")).hasValue("1");
    assertThat(inbox.keyOf("KAFKA_BOOTSTRAP_SERVERS")).isPresent();
  }
}
