package dev.onceflow.order.audit;

import dev.onceflow.order.rest.FieldError;
import dev.onceflow.order.rest.Problem;
import dev.onceflow.order.rest.ProblemType;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What this service wrote, for the dashboard's live exactly-once audit, which has no database
 * access: the events written in a time window, by aggregate and sequence. The audit reads each
 * window once, after every transaction that could have written in it has ended, and looks for each
 * event on Kafka. Read-only; order ids are no more secret here than in {@code GET /orders}.
 */
@Path("/audit/written")
public class WrittenResource {

  /** The most events one answer lists. */
  static final int MAX_LIMIT = 100_000;

  /** The answer: the window, its events oldest first, and whether {@code limit} cut it short. */
  public record Window(
      String service,
      Instant from,
      Instant to,
      boolean truncated,
      List<WrittenEvents.Written> events) {}

  /** A query parameter that is not what it must be. */
  static final class InvalidParameter extends RuntimeException {
    final String field;

    InvalidParameter(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  private final WrittenEvents written;

  WrittenResource(WrittenEvents written) {
    this.written = written;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Events written in a time window",
      description =
          "Each event's aggregate type, aggregate id, sequence and write time, for events written"
              + " at or after `from` and before `to` (ISO-8601 instants), oldest first.")
  public Window window(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("50000") String limit) {
    Instant start = instant("from", from);
    Instant end = instant("to", to);
    if (!end.isAfter(start)) {
      throw new InvalidParameter("to", "must be after from");
    }
    int max = limit(limit);
    List<WrittenEvents.Written> events = written.between(start, end, max + 1);
    boolean truncated = events.size() > max;
    return new Window(
        "order-service", start, end, truncated, truncated ? events.subList(0, max) : events);
  }

  @ServerExceptionMapper
  RestResponse<Problem> invalid(InvalidParameter e, UriInfo uri) {
    ProblemType type = ProblemType.INVALID_REQUEST;
    return RestResponse.ResponseBuilder.<Problem>create(type.status())
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem(
                type.uri(),
                type.title(),
                type.status(),
                "Query parameter " + e.field + " " + e.getMessage() + ".",
                "/" + uri.getPath().replaceFirst("^/", ""),
                List.of(new FieldError(e.field, e.getMessage()))))
        .build();
  }

  private static Instant instant(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidParameter(field, "is required (an ISO-8601 instant)");
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidParameter(field, "must be an ISO-8601 instant such as 2026-12-05T10:00:00Z");
    }
  }

  private static int limit(String text) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 1 && value <= MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new InvalidParameter("limit", "must be an integer from 1 to " + MAX_LIMIT);
  }
}
