package dev.onceflow.dashboard.rest;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.journey.JourneyStore;
import dev.onceflow.dashboard.journey.SagaView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An order followed across the saga: its events on every topic, as steps with their latency. */
@Path("/api/sagas")
@Produces(MediaType.APPLICATION_JSON)
public class SagaResource {

  private final JourneyStore journeys;
  private final String fulfillmentConsumer;

  SagaResource(JourneyStore journeys, DashboardConfig config) {
    this.journeys = journeys;
    this.fulfillmentConsumer = config.saga().fulfillmentConsumer();
  }

  /** The saga of one order; 404 when none of its events is kept. */
  @GET
  @Path("/{orderId}")
  public SagaView one(@PathParam("orderId") String orderId) {
    SagaView saga = journeys.saga(orderId, fulfillmentConsumer);
    if (saga == null) {
      throw new Problems.NotFound(
          "No event of order " + orderId + " among the events kept (the most recent ones only)");
    }
    return saga;
  }
}
