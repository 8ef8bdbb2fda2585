package dev.onceflow.inbox.rest;

import dev.onceflow.core.rest.Problem;
import dev.onceflow.inbox.fulfillment.CustomerStats;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;

/** Per-customer order counters. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerStatsResource {

  /** A customer's counters as the API shows them. */
  public record CustomerStatsView(
      String customerId, long ordersPlaced, long ordersCancelled, BigDecimal totalAmount) {}

  @GET
  @Path("/{id}/stats")
  public Response stats(@PathParam("id") @NotBlank @Size(max = 255) String id) {
    CustomerStats stats = CustomerStats.findById(id);
    if (stats == null) {
      return Problem.response(
          Response.Status.NOT_FOUND,
          "not-found",
          "Customer not found",
          "no orders seen for customer " + id,
          null);
    }
    return Response.ok(
            new CustomerStatsView(
                stats.customerId, stats.ordersPlaced, stats.ordersCancelled, stats.totalAmount))
        .build();
  }
}
