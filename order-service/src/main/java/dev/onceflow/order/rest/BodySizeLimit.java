package dev.onceflow.order.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body declared larger than {@code quarkus.http.limits.max-body-size} with a {@code 413}
 * problem. Quarkus checks the same limit just after this route, but answers with an empty body; a
 * chunked body without {@code Content-Length} still gets that bare 413 when it crosses the limit.
 */
@ApplicationScoped
class BodySizeLimit {

  /** Runs before Quarkus's own check, which is registered at order -2. */
  private static final int ORDER = -3;

  private final Optional<MemorySize> limit;
  private final ObjectMapper mapper;

  BodySizeLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
      ObjectMapper mapper) {
    this.limit = limit;
    this.mapper = mapper;
  }

  void register(@Observes Router router) {
    limit.ifPresent(max -> router.route().order(ORDER).handler(context -> check(context, max)));
  }

  private void check(RoutingContext context, MemorySize max) {
    String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null || !isLarger(declared, max.asLongValue())) {
      context.next();
      return;
    }
    Problem problem =
        new Problem(
            URI.create("about:blank"),
            "Content Too Large",
            413,
            "The request body may not exceed " + max.asLongValue() + " bytes.",
            context.request().path(),
            List.of());
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A problem record is always serializable", e);
    }
    // Closing the connection spares reading a body nobody will use.
    context
        .response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(io.vertx.core.buffer.Buffer.buffer(body));
  }

  private static boolean isLarger(String contentLength, long max) {
    try {
      return Long.parseLong(contentLength.trim()) > max;
    } catch (NumberFormatException e) {
      // Vert.x refuses a malformed Content-Length before routing; nothing to add here.
      return false;
    }
  }
}
