package dev.onceflow.dashboard.problem;

import dev.onceflow.contract.problem.ProblemTypes;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as {@code application/problem+json} (RFC 9457). Its own package, below both the REST
 * resources and the security filters that answer with it, so neither depends on the other.
 */
public final class ProblemResponse {

  /** The media type of every error body. */
  public static final String MEDIA_TYPE = ProblemTypes.MEDIA_TYPE;

  private ProblemResponse() {}

  /** A problem response: {@code type}, {@code title}, {@code status}, {@code detail}. */
  public static Response of(Response.Status status, String type, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:onceflow:dashboard:" + type);
    body.put("title", title);
    body.put("status", status.getStatusCode());
    body.put("detail", detail);
    return Response.status(status).type(MEDIA_TYPE).entity(body).build();
  }
}
