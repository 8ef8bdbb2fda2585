package dev.onceflow.dashboard.rest;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.problem.ProblemResponse;
import dev.onceflow.dashboard.security.AdminCredentials;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.logging.Logger;

/**
 * inbox-consumer's dead letters, through the dashboard, for the admin only: the list (it shows
 * payloads and full reasons) and the replay (which also needs the {@link
 * dev.onceflow.dashboard.security.ActionGuard} header). The dashboard never replays anything
 * itself; inbox-consumer decides and answers, and its answer is passed on. Every call carries the
 * service token ({@code onceflow.dashboard.service-token}) as a bearer token, when one is
 * configured.
 */
@Path("/api/dead-letters")
@Blocking
public class DeadLetterResource {

  private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);

  private final URI inbox;
  private final HttpClient http;
  private final DashboardConfig config;
  private final SecurityIdentity identity;

  DeadLetterResource(DashboardConfig config, SecurityIdentity identity) {
    this.config = config;
    this.identity = identity;
    this.inbox = config.inboxConsumerUrl();
    this.http = HttpClient.newBuilder().connectTimeout(config.httpTimeout()).build();
  }

  /** One page of dead letters, newest first, as inbox-consumer lists them. */
  @GET
  @RolesAllowed(AdminCredentials.ROLE)
  public Response list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("20") int size) {
    page = Math.max(0, page);
    size = Math.max(1, Math.min(200, size));
    return relay(
        HttpRequest.newBuilder(inbox.resolve("/dead-letters?page=" + page + "&size=" + size))
            .GET());
  }

  /**
   * Replays dead letter {@code id} through inbox-consumer's inbox; its answer is returned as is.
   */
  @POST
  @Path("/{id}/replay")
  @RolesAllowed(AdminCredentials.ROLE)
  public Response replay(@PathParam("id") long id) {
    LOG.infof("%s replays dead letter %d", identity.getPrincipal().getName(), id);
    return relay(
        HttpRequest.newBuilder(inbox.resolve("/dead-letters/" + id + "/replay"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private Response relay(HttpRequest.Builder request) {
    config.serviceToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(config.httpTimeout().multipliedBy(5)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Problems.Unreachable("inbox-consumer at " + inbox + " did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problems.Unreachable("interrupted", e);
    }
    if (response.statusCode() == Response.Status.UNAUTHORIZED.getStatusCode()) {
      // inbox-consumer refused the dashboard's token: a configuration fault of the dashboard, not
      // the admin's login (a 401 passed on would send the page to its login form).
      LOG.errorf("inbox-consumer at %s refused the service token: %s", inbox, response.body());
      return ProblemResponse.of(
          Response.Status.BAD_GATEWAY,
          "service-token-refused",
          "inbox-consumer refused the dashboard's service token",
          config.serviceToken().isPresent()
              ? "onceflow.dashboard.service-token (ONCEFLOW_DASHBOARD_SERVICE_TOKEN) is not the"
                  + " token inbox-consumer expects (its ONCEFLOW_SERVICE_TOKEN)"
              : "set onceflow.dashboard.service-token (ONCEFLOW_DASHBOARD_SERVICE_TOKEN) to"
                  + " inbox-consumer's ONCEFLOW_SERVICE_TOKEN");
    }
    String type = response.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON);
    return Response.status(response.statusCode()).type(type).entity(response.body()).build();
  }
}
