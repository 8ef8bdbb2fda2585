package dev.onceflow.dashboard.rest;

import dev.onceflow.dashboard.problem.ProblemResponse;
import dev.onceflow.dashboard.security.AdminCredentials;
import dev.onceflow.dashboard.security.LoginThrottle;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Whether actions are possible, and a credentials check for the page's login form. The page keeps
 * the credentials in memory only and sends them as HTTP Basic with each action. Failed checks count
 * towards the {@link LoginThrottle} of the client's address.
 */
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

  private final AdminCredentials admin;
  private final LoginThrottle throttle;

  SessionResource(AdminCredentials admin, LoginThrottle throttle) {
    this.admin = admin;
    this.throttle = throttle;
  }

  /** What the page may offer. */
  public record Session(boolean actionsEnabled, String message) {}

  /** Login form input. */
  public record Login(String username, String password) {}

  @GET
  public Session session() {
    return new Session(
        admin.configured(),
        admin.configured()
            ? "Log in as the admin to replay dead letters"
            : AdminCredentials.NOT_CONFIGURED);
  }

  /** Checks credentials: 204 when they are the admin's, 429 after too many failures. */
  @POST
  public Response login(Login login, @Context HttpServerRequest request) {
    if (!admin.configured()) {
      return ProblemResponse.of(
          Response.Status.FORBIDDEN,
          "actions-disabled",
          "Actions are disabled",
          AdminCredentials.NOT_CONFIGURED);
    }
    String address =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    throttle.check(address);
    if (login == null || !admin.matches(login.username(), login.password())) {
      throttle.failed(address);
      return ProblemResponse.of(
          Response.Status.UNAUTHORIZED,
          "login-failed",
          "Wrong user name or password",
          "Use the dashboard admin's credentials (Secret dashboard-admin)");
    }
    throttle.succeeded(address);
    return Response.noContent().build();
  }
}
