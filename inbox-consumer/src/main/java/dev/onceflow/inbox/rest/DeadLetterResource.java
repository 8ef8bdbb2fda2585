package dev.onceflow.inbox.rest;

import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.inbox.deadletter.DeadLetter;
import dev.onceflow.inbox.deadletter.DeadLetterReplay;
import dev.onceflow.inbox.deadletter.ParkedEvents;
import dev.onceflow.inbox.fulfillment.ApplyResult;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
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
import java.time.Instant;
import java.util.List;

/** This consumer's dead letters, with their reasons, and their replay through the inbox. */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

  private final DeadLetterReplay replay;
  private final ParkedEvents parked;
  private final String consumer;

  DeadLetterResource(DeadLetterReplay replay, ParkedEvents parked, InboxConfig config) {
    this.replay = replay;
    this.parked = parked;
    this.consumer = config.consumerName();
  }

  /** A dead letter as the API shows it (payload omitted). */
  public record DeadLetterView(
      long id,
      String eventId,
      String eventType,
      String reason,
      String detail,
      String exception,
      String sourceTopic,
      int sourcePartition,
      long sourceOffset,
      String key,
      Instant deadLetteredAt,
      Instant replayedAt,
      String replayOutcome) {

    static DeadLetterView of(DeadLetter d) {
      return new DeadLetterView(
          d.id,
          d.eventId,
          d.eventType,
          d.reason,
          d.detail,
          d.exception,
          d.sourceTopic,
          d.sourcePartition,
          d.sourceOffset,
          d.recordKey,
          d.deadLetteredAt,
          d.replayedAt,
          d.replayOutcome);
    }
  }

  /** One page of dead letters, newest first. */
  public record DeadLetterPage(int page, int size, long total, List<DeadLetterView> items) {}

  /** The outcome of a replay: {@code applied}, {@code duplicate} or {@code parked}. */
  public record ReplayView(long id, String eventId, String outcome) {}

  @GET
  public DeadLetterPage list(
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
    var query = DeadLetter.find("consumer", Sort.descending("id"), consumer);
    List<DeadLetterView> items =
        query.page(Page.of(page, size)).<DeadLetter>list().stream()
            .map(DeadLetterView::of)
            .toList();
    return new DeadLetterPage(page, size, query.count(), items);
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
          "sequence-already-applied",
          "The order has moved past this event",
          "order "
              + replayed.event().orderId()
              + " already applied sequence "
              + replayed.event().sequence()
              + " under another event id",
          null);
    }
    return Response.ok(
            new ReplayView(
                id, replayed.event().eventId().toString(), replayed.outcome().name().toLowerCase()))
        .build();
  }
}
