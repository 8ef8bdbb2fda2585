package dev.onceflow.inbox.rest;

import dev.onceflow.core.rest.Problem;
import dev.onceflow.inbox.fulfillment.Shipment;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;

/** The shipment of a placed order: PENDING, then SHIPPED, REJECTED or CANCELLED. */
@Path("/shipments")
@Produces(MediaType.APPLICATION_JSON)
public class ShipmentResource {

  /** A shipment as the API shows it. */
  public record ShipmentView(
      String orderId,
      String customerId,
      String status,
      String currency,
      BigDecimal total,
      int lineCount,
      long lastSequence,
      Instant placedAt,
      Instant createdAt,
      Instant shippedAt,
      Instant rejectedAt,
      String rejectReason,
      Instant cancelledAt,
      String cancelReason) {

    static ShipmentView of(Shipment s) {
      return new ShipmentView(
          s.orderId,
          s.customerId,
          s.status,
          s.currency,
          s.total,
          s.lineCount,
          s.lastSequence,
          s.placedAt,
          s.createdAt,
          s.shippedAt,
          s.rejectedAt,
          s.rejectReason,
          s.cancelledAt,
          s.cancelReason);
    }
  }

  @GET
  @Path("/{orderId}")
  public Response get(@PathParam("orderId") @NotBlank @Size(max = 255) String orderId) {
    Shipment shipment = Shipment.findById(orderId);
    if (shipment == null) {
      return Problem.response(
          Response.Status.NOT_FOUND,
          "not-found",
          "Shipment not found",
          "no shipment for order " + orderId,
          null);
    }
    return Response.ok(ShipmentView.of(shipment)).build();
  }
}
