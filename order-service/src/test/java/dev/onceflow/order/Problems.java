package dev.onceflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.onceflow.contract.problem.ProblemTypes;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;

/** Assertions on RFC 9457 problem responses. */
final class Problems {

  static final String BASE = ProblemTypes.BASE;

  private Problems() {}

  /**
   * Asserts a problem+json response with this status and type whose {@code errors} name exactly
   * these fields (in any order, each at least once).
   */
  static ValidatableResponse assertProblem(
      ValidatableResponse response, int status, String type, String... fields) {
    response
        .statusCode(status)
        .contentType(startsWith("application/problem+json"))
        .body("type", equalTo(type.contains(":") ? type : BASE + type))
        .body("title", notNullValue())
        .body("status", equalTo(status))
        .body("detail", notNullValue())
        .body("instance", startsWith("/"))
        .body("errors", notNullValue());
    List<Map<String, String>> errors = response.extract().jsonPath().getList("errors");
    assertThat(errors).allSatisfy(error -> assertThat(error).containsKeys("field", "message"));
    assertThat(errors.stream().map(error -> error.get("field")).distinct())
        .containsExactlyInAnyOrder(fields);
    return response;
  }
}
