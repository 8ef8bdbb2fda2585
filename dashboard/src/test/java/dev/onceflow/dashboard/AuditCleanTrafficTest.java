package dev.onceflow.dashboard;

import static dev.onceflow.dashboard.AuditFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.dashboard.audit.Anomaly;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Clean traffic on a real Kafka broker (every event written, published once, in sequence, applied
 * once; a journal entry delivered twice, as the journal may) is proved once and reports no anomaly,
 * also after every bound has passed. Its own application follows only its own topics.
 */
@QuarkusTest
@TestProfile(AuditProfile.CleanTraffic.class)
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "dashboard"))
class AuditCleanTrafficTest {

  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final int ORDERS = 20;

  @Inject ObjectMapper json;
  @Inject ShiftedClock clock;

  @Test
  void cleanTrafficIsProvedOnceAndReportsNoAnomaly() throws Exception {
    String type = "clean" + UUID.randomUUID().toString().substring(0, 8);
    String topic = AuditProfile.CleanTraffic.PREFIX + type;
    LocalPlatformTestResource.kafka().createTopic(topic, 2, Map.of());
    AuditFixture fixture = new AuditFixture(json);
    List<String> eventIds = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = LiveFeedTest.producer()) {
      for (int i = 0; i < ORDERS; i++) {
        String order = "order-" + i + "-" + type;
        for (long sequence = 1; sequence <= (i % 2 == 0 ? 2 : 1); sequence++) {
          String eventId = UUID.randomUUID().toString();
          AuditProfile.CleanTraffic.CLEAN_WRITTEN.wrote(
              new WrittenSource.Written(type, order, sequence, clock.instant()));
          RecordMetadata where =
              producer.send(AuditFixture.event(topic, eventId, order, sequence)).get();
          Instant applied = Instant.now();
          fixture.applied(producer, eventId, order, where, applied);
          if (i == 3) {
            fixture.applied(producer, eventId, order, where, applied); // the same entry again
          }
          eventIds.add(eventId);
        }
      }
    }
    int events = eventIds.size();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode proved = fixture.audit().path("proved");
              assertThat(proved.path("published").asLong()).isEqualTo(events);
              assertThat(proved.path("applied").path("fulfillment").asLong()).isEqualTo(events);
            });

    clock.advance(Duration.ofSeconds(100)); // past stuck-after (60 s) and lost-after (90 s)
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(fixture.audit().path("proved").path("written→published").asLong())
                    .isEqualTo(events));

    JsonNode snapshot = fixture.snapshot();
    JsonNode audit = snapshot.path("audit");
    assertThat(audit.path("anomalies").asLong()).isZero();
    assertThat(audit.path("latest")).isEmpty();
    assertThat(audit.path("unaudited").asLong()).isZero();
    assertThat(snapshot.path("alerts").findValuesAsText("message"))
        .noneSatisfy(m -> assertThat(m).contains("exactly-once audit"));
    for (JsonNode journey : snapshot.path("journeys")) {
      assertThat(audit.path("journeys").path(journey.path("eventId").asText()).asText())
          .as("proof of %s", journey.path("eventId").asText())
          .isEqualTo("once");
    }
    for (String consumer : List.of("fulfillment", Anomaly.KAFKA, Anomaly.SOURCE)) {
      for (Anomaly.Kind kind : Anomaly.Kind.values()) {
        assertThat(metric(consumer, kind.tag())).as("%s/%s", consumer, kind).isZero();
      }
    }
  }
}
