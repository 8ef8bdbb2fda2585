package dev.onceflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.dashboard.security.ActionGuard;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Black-box: spellings of the replay's path that a router normalises (or a client sends on purpose)
 * must not slip past the CSRF guard. Raw HTTP through the JDK client, which sends the path exactly
 * as written (no normalisation), with the admin's valid credentials and no action header: every
 * form is refused with 403 before anything is relayed to inbox-consumer.
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
@WithTestResource(
    value = KafkaPlatform.class,
    initArgs = @ResourceArg(name = KafkaPlatform.DATABASE, value = "dashboard"))
class CsrfBypassTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TestHTTPResource("/")
  URL base;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/dead-letters/1/replay",
        "//api/dead-letters/1/replay",
        "/api//dead-letters/1/replay",
        "/%61pi/dead-letters/1/replay",
        "/api/dead-letters/1/replay/",
        "/api;x=1/dead-letters/1/replay",
        "/api/dead-letters;x=1/1/replay;y=2",
        "/API/dead-letters/1/replay",
        "/Api/Dead-Letters/1/Replay",
        "/./api/dead-letters/1/replay",
        "/x/../api/dead-letters/1/replay",
        "/api/%2e%2e/api/dead-letters/1/replay"
      })
  void aReplayWithoutTheActionHeaderIsRefusedWhateverThePathSpelling(String path) throws Exception {
    HttpResponse<String> response = send(path, "POST", false);
    assertThat(response.statusCode())
        .as("POST %s without %s", path, ActionGuard.HEADER)
        .isEqualTo(403);
    assertThat(response.body()).contains("Cross-site request refused");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
  void everyMutatingMethodNeedsTheHeader(String method) throws Exception {
    assertThat(send("//api/dead-letters/1/replay", method, false).statusCode()).isEqualTo(403);
    assertThat(send("/api/session", method, false).statusCode()).isEqualTo(403);
  }

  @Test
  void theNormalPathWithTheHeaderStillReachesInboxConsumer() throws Exception {
    HttpResponse<String> response = send("/api/dead-letters/1/replay", "POST", true);
    // inbox-consumer is not running in this test: the dashboard tried to relay the replay.
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("inbox-consumer");
  }

  @Test
  void readingNeedsNoHeader() throws Exception {
    assertThat(send("/api/session", "GET", false).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(String path, String method, boolean withHeader)
      throws Exception {
    URI uri = URI.create("http://" + base.getHost() + ":" + base.getPort() + path);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (AdminProfile.USER + ":" + AdminProfile.PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Basic " + basic)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (withHeader) {
      request.header(ActionGuard.HEADER, "replay");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
