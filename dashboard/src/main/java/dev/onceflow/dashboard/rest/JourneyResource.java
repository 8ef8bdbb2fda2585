package dev.onceflow.dashboard.rest;

import dev.onceflow.dashboard.journey.JourneyView;
import dev.onceflow.dashboard.live.Pipeline;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Event journeys: the recent ones, and the timeline of one by event id or order id. */
@Path("/api/journeys")
@Produces(MediaType.APPLICATION_JSON)
public class JourneyResource {

  private final Pipeline pipeline;

  JourneyResource(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** With {@code q}: the journeys of that event id or order id, with timelines; else the latest. */
  @GET
  public List<JourneyView> list(@QueryParam("q") String query) {
    if (query == null || query.isBlank()) {
      return pipeline.journeys().recent(100);
    }
    return pipeline.journeys().find(query);
  }

  /** The journey of one event (or of one order's events), with its timeline; 404 if not kept. */
  @GET
  @Path("/{id}")
  public List<JourneyView> one(@PathParam("id") String id) {
    List<JourneyView> found = pipeline.journeys().find(id);
    if (found.isEmpty()) {
      throw new Problems.NotFound(
          "No journey for " + id + " among the events kept (the most recent ones only)");
    }
    return found;
  }
}
