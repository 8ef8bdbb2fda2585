package dev.onceflow.core.inbox.deadletter;

import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.fault.RejectedEvent;
import dev.onceflow.core.inbox.fault.SequenceAlreadyApplied;
import dev.onceflow.core.inbox.pipeline.ApplyResult;
import dev.onceflow.core.rest.Problem;
import dev.onceflow.core.security.ServiceTokenRequired;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * This consumer's dead letters, with their reasons, its parked events, and the replay of a dead
 * letter through the inbox. Everything needs the service token ({@code Authorization: Bearer
 * <onceflow.service-token>}): the lists show event ids, keys and failure details, and a replay
 * changes state. Errors are {@code application/problem+json}.
 */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@ServiceTokenRequired
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class DeadLetterResource {

  private final DeadLetterReplay replay;
  private final DeadLetterStore store;
  private final ParkedEvents parked;

  DeadLetterResource(DeadLetterReplay replay, DeadLetterStore store, ParkedEvents parked) {
    this.replay = replay;
    this.store = store;
    this.parked = parked;
  }

  /** One page of dead letters, newest first. */
  public record DeadLetterPage(
      int page, int size, long total, List<DeadLetterStore.DeadLetter> items) {}

  /** The outcome of a replay: {@code applied}, {@code duplicate} or {@code parked}. */
  public record ReplayView(long id, String eventId, String outcome) {}

  @GET
  public DeadLetterPage list(
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
    return QuarkusTransaction.requiringNew()
        .call(() -> new DeadLetterPage(page, size, store.count(), store.page(page, size)));
  }

  /**
   * Parked events, oldest first, each with what it waits for: {@code waiting for dead-lettered
   * event <id> ...} when its missing predecessor is in this list (replay that one), else {@code
   * waiting for sequence <n>}.
   */
  @GET
  @Path("/parked")
  public List<ParkedEvents.Parked> parked(
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
    return parked.list(page, size);
  }

  @POST
  @Path("/{id}/replay")
  public Response replay(@PathParam("id") @Min(1) long id) {
    DeadLetterReplay.Replayed replayed = replay.replay(id);
    if (replayed.outcome() == ApplyResult.Outcome.STALE) {
      return Problem.response(
          Response.Status.CONFLICT,
          SequenceAlreadyApplied.REASON,
          "The aggregate has moved past this event",
          SequenceAlreadyApplied.describe(replayed.event()),
          null);
    }
    return Response.ok(
            new ReplayView(
                id,
                replayed.event().eventId().toString(),
                replayed.outcome().name().toLowerCase(Locale.ROOT)))
        .build();
  }

  @ServerExceptionMapper
  public Response notFound(DeadLetterReplay.DeadLetterNotFound e) {
    return Problem.response(
        Response.Status.NOT_FOUND, "not-found", "Dead letter not found", e.getMessage(), null);
  }

  @ServerExceptionMapper
  public Response stillRejected(RejectedEvent e) {
    return Problem.response(
        422, "still-rejected", "The dead letter is still rejected", e.describe(), null);
  }
}
