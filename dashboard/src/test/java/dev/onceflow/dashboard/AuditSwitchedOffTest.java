package dev.onceflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.dashboard.problem.ProblemResponse;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * With {@code onceflow.dashboard.audit.enabled=false} the dashboard still shows every event, but a
 * record produced twice (which the audit, on by default, reports as a duplicate: {@link
 * AuditLiveTest}) raises nothing: no audit in the snapshot, no alert, no metric, {@code /api/audit}
 * answers 404 saying why.
 */
@QuarkusTest
@TestProfile(AuditSwitchedOffTest.AuditOff.class)
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "dashboard"))
class AuditSwitchedOffTest {

  /** The dashboard with its audit switched off. */
  public static class AuditOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("onceflow.dashboard.audit.enabled", "false");
    }
  }

  @Inject ObjectMapper json;

  @Test
  void aDuplicateIsShownButNotAuditedWhenTheAuditIsOff() throws Exception {
    String topic = AuditLiveTest.topic("auditoff");
    String eventId = UUID.randomUUID().toString();
    try (KafkaProducer<byte[], byte[]> producer = LiveFeedTest.producer()) {
      producer.send(AuditFixture.event(topic, eventId, "order-off", 1)).get();
      producer.send(AuditFixture.event(topic, eventId, "order-off", 1)).get();
    }

    // Both records were read (the journeys show them)...
    await()
        .atMost(LiveFeedTest.PATIENCE)
        .untilAsserted(
            () ->
                RestAssured.given()
                    .get("/api/journeys/{id}", eventId)
                    .then()
                    .statusCode(200)
                    .body("offset", org.hamcrest.Matchers.hasItem(1)));
    // ...and a snapshot built after them carries no audit and no audit alert.
    JsonNode snapshot = new AuditFixture(json).snapshot();
    String at = snapshot.path("at").asText();
    await()
        .atMost(LiveFeedTest.PATIENCE)
        .until(() -> !new AuditFixture(json).snapshot().path("at").asText().equals(at));
    snapshot = new AuditFixture(json).snapshot();
    assertThat(snapshot.has("stages")).isTrue();
    assertThat(snapshot.has("audit")).as("the snapshot's audit").isFalse();
    assertThat(snapshot.path("alerts").findValuesAsText("message"))
        .noneSatisfy(m -> assertThat(m).contains("exactly-once audit"));

    RestAssured.given()
        .get("/api/audit")
        .then()
        .statusCode(404)
        .contentType(ProblemResponse.MEDIA_TYPE)
        .body("detail", org.hamcrest.Matchers.containsString("audit.enabled=false"));
    RestAssured.given().get("/api/audit/events/{id}", eventId).then().statusCode(404);
    assertThat(RestAssured.get("/q/metrics").asString())
        .doesNotContain("onceflow_audit_anomalies_total");
  }
}
