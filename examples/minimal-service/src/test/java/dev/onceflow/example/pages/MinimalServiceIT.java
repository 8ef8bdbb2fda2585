package dev.onceflow.example.pages;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.ServiceProcess;
import dev.onceflow.testkit.KafkaTestClient;
import dev.onceflow.testkit.inbox.InboxContract;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * docs/adopting.md proved: the minimal service in this JVM, the packaged outbox-relay as a process
 * on the service's database (step 7 of the guide), the real PostgreSQL and Kafka. Every visit is
 * published once and counted once. The class also runs the testkit's inbox contract (step 8)
 * against the service's handler.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = MinimalServiceIT.DB))
class MinimalServiceIT extends InboxContract {

  static final String DB = "minimal";
  static final String RELAY_ROLE = "minimal_relay";
  static final int PAGES = 5;
  static final int VISITS_PER_PAGE = 40;
  static final ObjectMapper JSON = new ObjectMapper();

  @Inject AgroalDataSource dataSource;

  @Test
  void everyVisitIsPublishedExactlyOnceAndCountedExactlyOnce() throws Exception {
    String eventTopic = OnceflowTopics.eventTopic(PageVisited.AGGREGATE_TYPE);
    LocalPlatformTestResource.kafka().createTopic(eventTopic, 3, Map.of());
    try (ServiceProcess relay = relay()) {
      relay.start().awaitReady(patience());
      // The outbox refuses events until the relay's slot exists (it creates it when active).
      await().atMost(patience()).until(this::slotExists);

      List<String> pages =
          IntStream.range(0, PAGES).mapToObj(i -> "page-" + UUID.randomUUID()).toList();
      for (int visit = 1; visit <= VISITS_PER_PAGE; visit++) {
        for (String page : pages) {
          given().post("/pages/{page}/visits", page).then().statusCode(200);
        }
      }
      int requests = PAGES * VISITS_PER_PAGE;

      // In Kafka: every event once (read_committed, every committed record), in order per page.
      await()
          .atMost(patience())
          .untilAsserted(() -> assertThat(published(eventTopic, pages)).hasSize(requests));
      List<ConsumerRecord<String, byte[]>> published = published(eventTopic, pages);
      Set<String> ids = new HashSet<>();
      published.forEach(r -> ids.add(KafkaTestClient.header(r, OnceflowHeaders.EVENT_ID)));
      assertThat(ids).as("distinct event ids").hasSize(requests);
      for (String page : pages) {
        List<Long> sequences =
            published.stream()
                .filter(r -> page.equals(r.key()))
                .map(
                    r ->
                        Long.parseLong(
                            KafkaTestClient.header(r, OnceflowHeaders.AGGREGATE_SEQUENCE)))
                .toList();
        assertThat(sequences)
            .as("sequences of " + page + " in partition order")
            .containsExactlyElementsOf(
                IntStream.rangeClosed(1, VISITS_PER_PAGE).mapToObj(i -> (long) i).toList());
      }

      // In the database: every event applied once, by the service's own inbox.
      for (String page : pages) {
        await()
            .atMost(patience())
            .untilAsserted(() -> assertThat(effects(page)).isEqualTo(VISITS_PER_PAGE));
        given()
            .get("/pages/{page}", page)
            .then()
            .statusCode(200)
            .body("visits", equalTo(VISITS_PER_PAGE))
            .body("views", equalTo(VISITS_PER_PAGE));
      }
      assertThat(inboxEntries(ids)).as("inbox entries of the published events").isEqualTo(requests);
    }
  }

  /** Step 7 of the guide: the relay, configured for this service's database. */
  private ServiceProcess relay() {
    String password = UUID.randomUUID().toString();
    LocalPlatformTestResource.postgres().ensureRole(RELAY_ROLE, password, true);
    Path directory = Path.of(System.getProperty("onceflow.example.work-dir", "target/relay"));
    return ServiceProcess.builder("outbox-relay")
        .jar(Path.of(System.getProperty("onceflow.example.outbox-relay.jar")))
        .jvmOptions(List.of("-Xmx256m"))
        .environment("ONCEFLOW_RELAY_SHARD_ID", "minimal-service")
        .environment("ONCEFLOW_RELAY_DATABASE_HOST", "127.0.0.1")
        .environment(
            "ONCEFLOW_RELAY_DATABASE_PORT",
            Integer.toString(LocalPlatformTestResource.postgres().port()))
        .environment("ONCEFLOW_RELAY_DATABASE_NAME", DB)
        .environment("ONCEFLOW_RELAY_DATABASE_USER", RELAY_ROLE)
        .environment("ONCEFLOW_RELAY_DATABASE_PASSWORD", password)
        .environment("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers())
        .systemProperty("onceflow.relay.heartbeat-interval", "1s")
        .workingDirectory(directory)
        .logFile(directory.resolve("outbox-relay.log"))
        .build();
  }

  private boolean slotExists() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM pg_replication_slots"
                    + " WHERE slot_name = 'onceflow_outbox' AND database = current_database()");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1) == 1;
    }
  }

  private List<ConsumerRecord<String, byte[]>> published(String topic, List<String> pages) {
    List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record :
        KafkaTestClient.readAll(bootstrapServers(), topic)) {
      if (pages.contains(record.key())) {
        ours.add(record);
      }
    }
    return ours;
  }

  private long inboxEntries(Set<String> eventIds) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM inbox_event WHERE consumer = ? AND event_id = ANY(?::uuid[])")) {
      query.setString(1, pipeline.consumer());
      query.setArray(2, connection.createArrayOf("uuid", eventIds.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  // --- The inbox contract's hooks (step 8)
  // ---------------------------------------------------------

  @Override
  protected String bootstrapServers() {
    return LocalPlatformTestResource.kafka().bootstrapServers();
  }

  @Override
  protected String createTopic(String name) {
    String topic = "onceflow.example.contract." + name + "." + UUID.randomUUID();
    LocalPlatformTestResource.kafka().createTopic(topic, 1, Map.of());
    return topic;
  }

  @Override
  protected Connection inboxDatabase() throws SQLException {
    return dataSource.getConnection();
  }

  /** The record the relay publishes for {@link PageVisited}. */
  @Override
  protected ProducerRecord<String, byte[]> event(
      String topic, String page, long visit, UUID eventId) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, page, json(new PageVisited(page, visit)));
    header(record, OnceflowHeaders.EVENT_ID, eventId.toString());
    header(record, OnceflowHeaders.EVENT_TYPE, PageVisited.class.getSimpleName());
    header(record, OnceflowHeaders.SCHEMA_VERSION, "1");
    header(record, OnceflowHeaders.AGGREGATE_SEQUENCE, Long.toString(visit));
    header(record, OnceflowHeaders.CREATED_AT, Instant.now().toString());
    return record;
  }

  /** The views the inbox applied to the page. */
  @Override
  protected long effects(String page) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT views FROM page_views WHERE page_id = ?")) {
      query.setString(1, page);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  @Override
  protected Duration patience() {
    return Duration.ofSeconds(90);
  }

  private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
    record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
