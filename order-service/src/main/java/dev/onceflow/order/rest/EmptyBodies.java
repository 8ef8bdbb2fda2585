package dev.onceflow.order.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads a POST without a body as an empty JSON body, whatever {@code Content-Type} it declares
 * (none, or whatever the HTTP client defaults to). A bare {@code POST /orders/{id}/cancel} is then
 * a cancellation without a reason rather than a 415 for a body that is optional, and {@code POST
 * /orders} reports the missing body as a 400 naming it.
 */
class EmptyBodies {

  @ServerRequestFilter(preMatching = true)
  void treatAsEmptyJson(ContainerRequestContext request) {
    if (HttpMethod.POST.equals(request.getMethod()) && isEmpty(request)) {
      request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
    }
  }

  private static boolean isEmpty(ContainerRequestContext request) {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    boolean chunked = request.getHeaderString("Transfer-Encoding") != null;
    return !chunked && (length == null || length.trim().equals("0"));
  }
}
