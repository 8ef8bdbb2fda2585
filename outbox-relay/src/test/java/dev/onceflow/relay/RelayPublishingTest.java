package dev.onceflow.relay;

import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.BYTES_GAUGE;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.GAUGE;
import static dev.onceflow.contract.metrics.OnceflowMeters.RELAY_ACTIVE;
import static dev.onceflow.contract.metrics.OnceflowMeters.RELAY_EVENTS_PUBLISHED;
import static dev.onceflow.contract.metrics.OnceflowMeters.RELAY_SLOT_LAG;
import static dev.onceflow.contract.metrics.OnceflowMeters.RELAY_STATE;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.relay.testing.DeliveryAudit;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxDatabase;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.ReceivedEvent;
import dev.onceflow.relay.testing.RelayTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay in this JVM (exactly-once mode) against the real PostgreSQL and Kafka: what it
 * publishes, in which order, in which shape, and that it keeps its replication slot current. Each
 * test uses its own aggregate ids, so they do not depend on one another.
 */
@QuarkusTest
@WithTestResource(RelayTestResource.class)
class RelayPublishingTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Inject RelayConfig config;

  @Inject Relay relay;

  private OutboxDatabase database;

  @BeforeEach
  void attachOnceTheRelayIsActive() {
    database =
        OutboxDatabase.attach(LocalPlatformTestResource.postgres(), config.database().name());
    // Events committed before the relay created its slot are never relayed: writers wait for it.
    await("relay active").atMost(TIMEOUT).until(() -> relay.state() == RelayState.ACTIVE);
  }

  @Test
  void publishesCommittedEventsInCommitOrderPerAggregateAndNeverRolledBackOnes() {
    List<OutboxRow> committed = new ArrayList<>();
    long[] sequences = new long[3];
    for (int transaction = 0; transaction < 30; transaction++) {
      boolean commit = transaction % 4 != 3;
      List<OutboxRow> rows = new ArrayList<>();
      long[] next = sequences.clone();
      for (int i = 0; i <= transaction % 3; i++) {
        int aggregate = (transaction + i) % 3;
        rows.add(OutboxRow.orderEvent("commit-order-" + aggregate, ++next[aggregate]));
      }
      database.write(rows, commit);
      if (commit) {
        committed.addAll(rows);
        sequences = next;
      }
    }

    try (EventTopics events = orderEvents()) {
      List<ReceivedEvent> received =
          only(
              "commit-order-",
              events.pollUntil(
                  TIMEOUT, all -> only("commit-order-", all).size() >= committed.size()));
      received = only("commit-order-", events.pollUntilQuiet(Duration.ofSeconds(1), TIMEOUT));

      assertThat(DeliveryAudit.of(committed, received)).isEqualTo(new DeliveryAudit(0, 0, 0, 0));
      // Per key, the order of the committed transactions.
      for (int aggregate = 0; aggregate < 3; aggregate++) {
        String key = "commit-order-" + aggregate;
        assertThat(received.stream().filter(e -> e.key().equals(key)).map(this::sequence))
            .isSorted()
            .doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void publishesThePayloadOnceAsJsonWithHeadersAsText() throws SQLException {
    String payload = "{\"orderId\": \"shape-1\", \"total\":  12.50, \"lines\": [{\"sku\": \"A\"}]}";
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    OutboxRow order =
        new OutboxRow(
            UUID.randomUUID(),
            "order",
            "shape-1",
            OrderEvents.ORDER_PLACED,
            payload,
            1,
            traceparent);
    OutboxRow customer =
        new OutboxRow(
            UUID.randomUUID(), "customer", "shape-c", "CustomerRegistered", "{}", 1, null);
    database.write(List.of(order, customer), true);

    try (EventTopics events = orderEvents()) {
      ReceivedEvent received =
          only("shape-1", events.pollUntil(TIMEOUT, all -> !only("shape-1", all).isEmpty())).get(0);

      assertThat(received.topic()).isEqualTo(config.topicPrefix() + "order");
      assertThat(received.key()).isEqualTo("shape-1");
      // The jsonb text as PostgreSQL renders it: JSON once, not a JSON string holding JSON.
      assertThat(received.valueText()).isEqualTo(jsonbText(payload)).startsWith("{");
      assertThat(received.headers())
          .containsEntry(OnceflowHeaders.EVENT_ID, order.id().toString())
          .containsEntry(OnceflowHeaders.EVENT_TYPE, OrderEvents.ORDER_PLACED)
          .containsEntry(OnceflowHeaders.SCHEMA_VERSION, "1")
          .containsEntry(OnceflowHeaders.AGGREGATE_SEQUENCE, "1")
          .containsEntry(OnceflowHeaders.TRACEPARENT, traceparent)
          .containsKey(OnceflowHeaders.CREATED_AT)
          .doesNotContainKeys("__debezium.context.connectorName");
      assertThat(OffsetDateTime.parse(received.headers().get(OnceflowHeaders.CREATED_AT)))
          .isNotNull();
    }
    try (EventTopics customers =
        new EventTopics(
            LocalPlatformTestResource.kafka().bootstrapServers(),
            List.of(config.topicPrefix() + "customer"))) {
      ReceivedEvent received = customers.pollUntilAtLeast(1, TIMEOUT).get(0);
      assertThat(received.key()).isEqualTo("shape-c");
      assertThat(received.headers()).doesNotContainKey(OnceflowHeaders.TRACEPARENT);
    }
  }

  @Test
  void createsItsSlotAsAFailoverSlotSoThatStandbysKeepIt() throws SQLException {
    try (Connection connection = database.connectAsSuperuser();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT failover FROM pg_replication_slots WHERE slot_name = ?")) {
      statement.setString(1, config.slot());
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.next()).as("slot %s exists", config.slot()).isTrue();
        assertThat(result.getBoolean(1)).as("failover").isTrue();
      }
    }
  }

  @Test
  void confirmsTheSlotAsKafkaCommits() {
    long before = database.confirmedFlushLsn(config.slot());
    database.write(List.of(OutboxRow.orderEvent("slot-run-1", 1)), true);
    long written = database.currentWalLsn();
    try (EventTopics events = orderEvents()) {
      events.pollUntil(TIMEOUT, all -> !only("slot-run-1", all).isEmpty());
    }
    await("slot confirmed past the published event")
        .atMost(TIMEOUT)
        .until(() -> database.confirmedFlushLsn(config.slot()) >= written);
    assertThat(database.confirmedFlushLsn(config.slot())).isGreaterThan(before);
  }

  @Test
  void keepsTheSlotCurrentWhileTheOutboxIsIdleAndAnotherTableIsBusy() {
    database.execute("CREATE TABLE IF NOT EXISTS busy_table (id bigserial PRIMARY KEY, data text)");
    ScheduledExecutorService busy = Executors.newSingleThreadScheduledExecutor();
    try {
      busy.scheduleAtFixedRate(
          () ->
              database.execute(
                  "INSERT INTO busy_table (data) SELECT repeat('x', 1000)"
                      + " FROM generate_series(1, 100)"),
          0,
          20,
          TimeUnit.MILLISECONDS);
      long walAfterBusyStart = database.currentWalLsn() + 1_000_000;
      await("1 MB of other tables' WAL")
          .atMost(TIMEOUT)
          .until(() -> database.currentWalLsn() > walAfterBusyStart);
      // Only heartbeats reach the relay now; they must carry the slot past that WAL.
      await("slot confirmed past WAL written by other tables")
          .atMost(TIMEOUT)
          .until(() -> database.confirmedFlushLsn(config.slot()) > walAfterBusyStart);
    } finally {
      busy.shutdownNow();
    }
  }

  @Test
  void reportsReadinessAndPrometheusMetrics() {
    database.write(List.of(OutboxRow.orderEvent("metrics-1", 1)), true);
    try (EventTopics events = orderEvents()) {
      events.pollUntil(TIMEOUT, all -> !only("metrics-1", all).isEmpty());
    }
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(
                        "checks.find { it.name == 'onceflow-relay' }.data.role", equalTo("active"))
                    .body(
                        "checks.find { it.name == 'onceflow-relay' }.data.streaming",
                        equalTo(true)));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString(prometheus(RELAY_EVENTS_PUBLISHED, COUNTER) + "{"))
        .body(containsString("outcome=\"committed\""))
        .body(containsString("onceflow_relay_batch_size_events_bucket{"))
        .body(containsString("onceflow_relay_commit_to_publish_seconds_bucket{"))
        .body(containsString(prometheus(RELAY_SLOT_LAG, BYTES_GAUGE) + "{"))
        .body(containsString("onceflow_relay_last_published_lsn{"))
        .body(containsString(prometheus(RELAY_ACTIVE, GAUGE) + "{delivery=\"exactly-once\""))
        .body(containsString(prometheus(RELAY_STATE, GAUGE) + "{"));
  }

  private EventTopics orderEvents() {
    return new EventTopics(
        LocalPlatformTestResource.kafka().bootstrapServers(),
        List.of(config.topicPrefix() + "order"));
  }

  private long sequence(ReceivedEvent event) {
    return Long.parseLong(event.headers().get(OnceflowHeaders.AGGREGATE_SEQUENCE));
  }

  private static List<ReceivedEvent> only(String keyPrefix, List<ReceivedEvent> events) {
    return events.stream().filter(e -> e.key().startsWith(keyPrefix)).toList();
  }

  private String jsonbText(String json) throws SQLException {
    try (Connection connection = database.connectAsOwner();
        PreparedStatement statement =
            connection.prepareStatement("SELECT CAST(? AS jsonb)::text")) {
      statement.setString(1, json);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getString(1);
      }
    }
  }
}
