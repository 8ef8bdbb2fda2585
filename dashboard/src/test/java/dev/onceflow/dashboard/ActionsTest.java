package dev.onceflow.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.onceflow.dashboard.security.ActionGuard;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * Replaying a dead letter needs the admin's credentials and the action header (CSRF); with both,
 * the request goes to inbox-consumer (not running here: 502).
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = KafkaPlatform.DATABASE, value = "dashboard"))
class ActionsTest {

  @Test
  void viewingNeedsNoLogin() {
    given().get("/").then().statusCode(200).body(containsString("Onceflow"));
    given().get("/api/session").then().statusCode(200).body("actionsEnabled", equalTo(true));
    given().get("/api/snapshot").then().statusCode(200).body("stages.size()", equalTo(6));
  }

  @Test
  void anActionWithoutTheHeaderIsRefusedAsCrossSite() {
    given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, AdminProfile.PASSWORD)
        .post("/api/dead-letters/1/replay")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("title", equalTo("Cross-site request refused"));
    given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, AdminProfile.PASSWORD)
        .header(ActionGuard.HEADER, "replay")
        .header("Origin", "http://evil.example")
        .post("/api/dead-letters/1/replay")
        .then()
        .statusCode(403)
        .body("detail", containsString("evil.example"));
  }

  @Test
  void anActionWithoutTheAdminsCredentialsIsRefused() {
    given()
        .header(ActionGuard.HEADER, "replay")
        .post("/api/dead-letters/1/replay")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", nullValue());
    given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, "wrong")
        .header(ActionGuard.HEADER, "replay")
        .post("/api/dead-letters/1/replay")
        .then()
        .statusCode(401);
    // A client that is not the page gets the standard challenge.
    given().post("/api/dead-letters/1/replay").then().statusCode(403);
  }

  @Test
  void theAdminsReplayGoesToInboxConsumer() {
    given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, AdminProfile.PASSWORD)
        .header(ActionGuard.HEADER, "replay")
        .post("/api/dead-letters/1/replay")
        .then()
        .statusCode(502)
        .body("detail", containsString("inbox-consumer"));
  }

  @Test
  void theLoginFormChecksCredentials() {
    given()
        .header(ActionGuard.HEADER, "login")
        .contentType("application/json")
        .body(
            "{\"username\":\""
                + AdminProfile.USER
                + "\",\"password\":\""
                + AdminProfile.PASSWORD
                + "\"}")
        .post("/api/session")
        .then()
        .statusCode(204);
    given()
        .header(ActionGuard.HEADER, "login")
        .contentType("application/json")
        .body("{\"username\":\"" + AdminProfile.USER + "\",\"password\":\"nope\"}")
        .post("/api/session")
        .then()
        .statusCode(401)
        .body("title", equalTo("Wrong user name or password"));
  }
}
