package dev.onceflow.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.onceflow.dashboard.security.ActionGuard;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Black-box: after {@value GuardedProfile#MAX_FAILURES} failed logins within a minute, every login
 * from that address, through the form or HTTP Basic, right or wrong, is refused with {@code 429}
 * until the minute that began with the first failure has passed (the test moves the dashboard's
 * clock instead of sleeping).
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = KafkaPlatform.DATABASE, value = "dashboard"))
class LoginThrottleTest {

  @Test
  void failedLoginsAreLimitedThenAcceptedAgainAfterTheWindow() {
    // Start from a clean slate whatever ran before in this profile.
    GuardedProfile.CLOCK.advance(Duration.ofMinutes(2));
    login(AdminProfile.PASSWORD).statusCode(204);

    for (int i = 0; i < GuardedProfile.MAX_FAILURES; i++) {
      login("wrong-" + i).statusCode(401);
    }
    login(AdminProfile.PASSWORD)
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", "60")
        .body("title", equalTo("Too many failed logins"));
    // HTTP Basic on an action is a login too, and is refused the same way.
    basicReplay(AdminProfile.PASSWORD).statusCode(429).header("Retry-After", "60");

    GuardedProfile.CLOCK.advance(Duration.ofSeconds(45));
    login(AdminProfile.PASSWORD).statusCode(429).header("Retry-After", "15");

    GuardedProfile.CLOCK.advance(Duration.ofSeconds(15));
    login(AdminProfile.PASSWORD).statusCode(204);
    basicReplay(AdminProfile.PASSWORD).statusCode(200).body("outcome", equalTo("applied"));
  }

  @Test
  void failedBasicCredentialsCountToo() {
    GuardedProfile.CLOCK.advance(Duration.ofMinutes(2));
    for (int i = 0; i < GuardedProfile.MAX_FAILURES; i++) {
      basicReplay("wrong-" + i).statusCode(401);
    }
    basicReplay(AdminProfile.PASSWORD)
        .statusCode(429)
        .body("detail", containsString("Too many failed logins"));
    login(AdminProfile.PASSWORD).statusCode(429);

    GuardedProfile.CLOCK.advance(Duration.ofMinutes(1));
    basicReplay(AdminProfile.PASSWORD).statusCode(200);
  }

  private static ValidatableResponse login(String password) {
    return given()
        .header(ActionGuard.HEADER, "login")
        .contentType("application/json")
        .body("{\"username\":\"" + AdminProfile.USER + "\",\"password\":\"" + password + "\"}")
        .post("/api/session")
        .then();
  }

  private static ValidatableResponse basicReplay(String password) {
    return given()
        .auth()
        .preemptive()
        .basic(AdminProfile.USER, password)
        .header(ActionGuard.HEADER, "replay")
        .post("/api/dead-letters/7/replay")
        .then();
  }
}
