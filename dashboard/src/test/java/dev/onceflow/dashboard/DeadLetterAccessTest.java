package dev.onceflow.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.dashboard.security.ActionGuard;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Black-box: dead letters (payloads, full reasons) are the admin's only, and every call the
 * dashboard makes to inbox-consumer's dead-letter API carries the service token as a bearer token.
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = KafkaPlatform.DATABASE, value = "dashboard"))
class DeadLetterAccessTest {

  @Test
  void theDeadLetterListNeedsTheAdminsLogin() {
    long relayedBefore = seenByInboxConsumer().lines().count();
    given().get("/api/dead-letters").then().statusCode(401);
    given().urlEncodingEnabled(false).get("//api/dead-letters?size=5").then().statusCode(401);
    given().get("/api/dead-letters/").then().statusCode(401);
    given().header(ActionGuard.HEADER, "list").get("/api/dead-letters").then().statusCode(401);
    // Nothing reached inbox-consumer without a login.
    assertThat(seenByInboxConsumer().lines().count()).isEqualTo(relayedBefore);

    GuardedProfile.CLOCK.advance(Duration.ofMinutes(2)); // no lock-out left from other tests
    given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, AdminProfile.PASSWORD)
        .get("/api/dead-letters")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
  }

  @Test
  void everyCallToInboxConsumerCarriesTheServiceToken() {
    GuardedProfile.CLOCK.advance(Duration.ofMinutes(2));
    given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, AdminProfile.PASSWORD)
        .get("/api/dead-letters?size=3")
        .then()
        .statusCode(200);
    given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, AdminProfile.PASSWORD)
        .header(ActionGuard.HEADER, "replay")
        .post("/api/dead-letters/42/replay")
        .then()
        .statusCode(200);
    assertThat(seenByInboxConsumer().lines())
        .contains(
            "GET /dead-letters Bearer " + GuardedProfile.SERVICE_TOKEN,
            "POST /dead-letters/42/replay Bearer " + GuardedProfile.SERVICE_TOKEN)
        .allSatisfy(line -> assertThat(line).endsWith("Bearer " + GuardedProfile.SERVICE_TOKEN));
  }

  @Test
  void aRefusedServiceTokenIsTheDashboardsFaultNotTheAdmins() {
    GuardedProfile.CLOCK.advance(Duration.ofMinutes(2));
    given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, AdminProfile.PASSWORD)
        .header(ActionGuard.HEADER, "replay")
        .post("/api" + InboxConsumerStandIn.REFUSED_REPLAY)
        .then()
        .statusCode(502)
        .body("type", equalTo("urn:onceflow:dashboard:service-token-refused"))
        .body("detail", containsString("ONCEFLOW_DASHBOARD_SERVICE_TOKEN"));
  }

  private static String seenByInboxConsumer() {
    String inbox =
        ConfigProvider.getConfig().getValue("onceflow.dashboard.inbox-consumer-url", String.class);
    return RestAssured.get(inbox + "/seen").asString();
  }
}
