package dev.onceflow.dashboard.rest;

import dev.onceflow.dashboard.problem.ProblemResponse;
import dev.onceflow.dashboard.security.ActionGuard;
import dev.onceflow.dashboard.security.AdminCredentials;
import dev.onceflow.dashboard.security.LoginThrottle;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors as {@code application/problem+json} (RFC 9457, {@link ProblemResponse}), saying what to do
 * about them.
 */
public class Problems {

  private final AdminCredentials admin;

  Problems(AdminCredentials admin) {
    this.admin = admin;
  }

  /** Nothing known under that id. */
  public static class NotFound extends RuntimeException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** A service the dashboard relays to did not answer. */
  public static class Unreachable extends RuntimeException {
    public Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @ServerExceptionMapper
  public Response notFound(NotFound e) {
    return ProblemResponse.of(Response.Status.NOT_FOUND, "not-found", "Not found", e.getMessage());
  }

  @ServerExceptionMapper
  public Response unreachable(Unreachable e) {
    return ProblemResponse.of(
        Response.Status.BAD_GATEWAY, "unreachable", "Service unreachable", e.getMessage());
  }

  @ServerExceptionMapper
  public Response throttled(LoginThrottle.LoginThrottled e) {
    return Response.fromResponse(
            ProblemResponse.of(
                Response.Status.TOO_MANY_REQUESTS,
                "login-throttled",
                "Too many failed logins",
                e.getMessage()))
        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
        .build();
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(HttpHeaders headers) {
    if (!admin.configured()) {
      return ProblemResponse.of(
          Response.Status.FORBIDDEN,
          "actions-disabled",
          "Actions are disabled",
          AdminCredentials.NOT_CONFIGURED);
    }
    Response problem =
        ProblemResponse.of(
            Response.Status.UNAUTHORIZED,
            "login-required",
            "Log in to do this",
            "Only the dashboard's admin may change anything; viewing needs no login");
    // The page handles 401 with its own login form: a challenge would pop the browser's dialog.
    return headers.getHeaderString(ActionGuard.HEADER) != null
        ? problem
        : Response.fromResponse(problem)
            .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"onceflow-dashboard\"")
            .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return ProblemResponse.of(
        Response.Status.FORBIDDEN,
        "forbidden",
        "Not allowed",
        admin.configured()
            ? "Only the dashboard's admin may do this"
            : AdminCredentials.NOT_CONFIGURED);
  }
}
