package dev.onceflow.core.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.problem.ProblemTypes;
import dev.onceflow.contract.security.ServiceToken;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Refuses a call to a {@link ServiceTokenRequired} endpoint unless it carries {@code Authorization:
 * Bearer <onceflow.service-token>}: {@code 401 application/problem+json} naming the header, before
 * the resource method (or the parsing of its body) runs.
 */
@Provider
@ServiceTokenRequired
@Priority(Priorities.AUTHENTICATION)
public class ServiceTokenFilter implements ContainerRequestFilter {

  private static final Logger LOG = Logger.getLogger(ServiceTokenFilter.class);

  /** Title of the {@value ServiceToken#PROBLEM_SLUG} problem. */
  public static final String TITLE = "Service token required";

  private static final String PRESENTATION = ServiceToken.authorization("<service token>");

  private final ServiceTokenCheck token;
  private final ObjectMapper json;

  ServiceTokenFilter(ServiceTokenCheck token, ObjectMapper json) {
    this.token = token;
    this.json = json;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (token.accepts(authorization)) {
      return;
    }
    String header = ServiceToken.HEADER;
    String detail =
        authorization == null
            ? "The " + header + " header is missing: send " + header + ": " + PRESENTATION + "."
            : "The " + header + " header does not carry the service token (" + PRESENTATION + ").";
    String path = "/" + request.getUriInfo().getPath().replaceFirst("^/+", "");
    LOG.debugf("Refused %s %s: %s", request.getMethod(), path, detail);
    request.abortWith(unauthorized(detail, path));
  }

  private Response unauthorized(String detail, String instance) {
    int status = Response.Status.UNAUTHORIZED.getStatusCode();
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", ProblemTypes.uri(ServiceToken.PROBLEM_SLUG));
    problem.put("title", TITLE);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", instance);
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers is always JSON", e);
    }
    return Response.status(status)
        .type(ProblemTypes.MEDIA_TYPE)
        .header(HttpHeaders.WWW_AUTHENTICATE, ServiceToken.SCHEME)
        .entity(body)
        .build();
  }
}
