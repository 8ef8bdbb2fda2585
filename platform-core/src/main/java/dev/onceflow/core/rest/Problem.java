package dev.onceflow.core.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.onceflow.contract.problem.ProblemTypes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}); {@code errors} names each invalid
 * field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

  public static final String MEDIA_TYPE = ProblemTypes.MEDIA_TYPE;

  /** One invalid input: the field (query/path parameter or body property) and what is wrong. */
  public record FieldError(String field, String message) {}

  public static Response response(
      Response.Status status, String slug, String title, String detail, List<FieldError> errors) {
    return response(status.getStatusCode(), slug, title, detail, errors);
  }

  public static Response response(
      int status, String slug, String title, String detail, List<FieldError> errors) {
    Problem problem =
        new Problem(URI.create(ProblemTypes.uri(slug)), title, status, detail, null, errors);
    return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(problem).build();
  }
}
