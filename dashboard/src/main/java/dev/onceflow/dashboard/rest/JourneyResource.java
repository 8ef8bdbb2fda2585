package dev.onceflow.dashboard.rest;

import dev.onceflow.dashboard.journey.JourneyStore;
import dev.onceflow.dashboard.journey.JourneyView;
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

  private final JourneyStore journeys;

  JourneyResource(JourneyStore journeys) {
    this.journeys = journeys;
  }

  /** With {@code q}: the journeys of that event id or order id, with timelines; else the latest. */
  @GET
  public List<JourneyView> list(@QueryParam("q") String query) {
    if (query == null || query.isBlank()) {
      return journeys.recent(100);
    }
    return journeys.find(query);
  }

  /** The journey of one event (or of one order's events), with its timeline; 404 if not kept. */
  @GET
  @Path("/{id}")
  public List<JourneyView> one(@PathParam("id") String id) {
    List<JourneyView> found = journeys.find(id);
    if (found.isEmpty()) {
      throw new Problems.NotFound(
          "No journey for " + id + " among the events kept (the most recent ones only)");
    }
    return found;
  }
}
