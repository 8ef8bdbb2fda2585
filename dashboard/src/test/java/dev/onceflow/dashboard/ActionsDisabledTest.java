package dev.onceflow.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.dashboard.security.ActionGuard;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Without an admin user configured, viewing works and every action says why it is refused. */
@QuarkusTest
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = KafkaPlatform.DATABASE, value = "dashboard"))
class ActionsDisabledTest {

  @Test
  void actionsAreRefusedWithAClearMessage() {
    given().get("/api/session").then().statusCode(200).body("actionsEnabled", equalTo(false));
    given()
        .auth()
        .preemptive()
        .basic("admin", "guess")
        .header(ActionGuard.HEADER, "replay")
        .post("/api/dead-letters/1/replay")
        .then()
        .statusCode(403)
        .body("title", equalTo("Actions are disabled"))
        .body("detail", containsString("ONCEFLOW_DASHBOARD_ADMIN_PASSWORD"));
    given()
        .header(ActionGuard.HEADER, "login")
        .contentType("application/json")
        .body("{\"username\":\"admin\",\"password\":\"guess\"}")
        .post("/api/session")
        .then()
        .statusCode(403)
        .body("detail", containsString("ONCEFLOW_DASHBOARD_ADMIN_USERNAME"));
  }
}
