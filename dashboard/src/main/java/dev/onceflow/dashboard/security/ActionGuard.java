package dev.onceflow.dashboard.security;

import dev.onceflow.dashboard.problem.ProblemResponse;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Cross-site request forgery protection for every request that changes something (any method but
 * GET, HEAD, OPTIONS): it must carry the header {@value #HEADER}, which an HTML form cannot send
 * and a cross-origin script cannot send without a CORS pre-flight (which this server does not
 * allow), and an {@code Origin}, when the browser sends one, must be this server. Basic credentials
 * a browser caches are therefore useless to another site.
 *
 * <p>The rule depends on the method only, never on the path: the router matches normalised paths
 * ({@code //api}, {@code /%61pi}, {@code /api;x=1}, {@code /x/../api} all reach {@code /api}), so a
 * check of the raw path could be walked around, and the dashboard has nothing outside {@code /api}
 * that a mutating method may reach anyway.
 */
public class ActionGuard {

  /** The header every action must carry (any value). */
  public static final String HEADER = "X-Onceflow-Action";

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @ServerRequestFilter(preMatching = true)
  public Response check(HttpServerRequest request) {
    if (SAFE.contains(request.method().name())) {
      return null;
    }
    if (request.getHeader(HEADER) == null) {
      return ProblemResponse.of(
          Response.Status.FORBIDDEN,
          "csrf",
          "Cross-site request refused",
          "Actions must carry the " + HEADER + " header (the dashboard's page sends it)");
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !origin.equals("null") && !sameOrigin(origin, request)) {
      return ProblemResponse.of(
          Response.Status.FORBIDDEN,
          "csrf",
          "Cross-site request refused",
          "Origin " + origin + " is not this dashboard");
    }
    return null;
  }

  private static boolean sameOrigin(String origin, HttpServerRequest request) {
    try {
      URI uri = URI.create(origin);
      String host = request.authority() == null ? null : request.authority().toString();
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return host != null
          && (host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(uri.getAuthority()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
