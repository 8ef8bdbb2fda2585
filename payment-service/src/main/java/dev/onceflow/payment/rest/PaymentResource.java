package dev.onceflow.payment.rest;

import dev.onceflow.core.rest.Problem;
import dev.onceflow.payment.domain.Payment;
import dev.onceflow.payment.domain.PaymentStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;

/** Read-only: an order's payment. Payments change only through the inbox. */
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

  /** A payment as the API shows it. */
  public record PaymentView(
      String orderId,
      String customerId,
      PaymentStatus status,
      BigDecimal amount,
      String currency,
      String declineReason,
      Instant decidedAt,
      Instant refundedAt) {

    static PaymentView of(Payment p) {
      return new PaymentView(
          p.orderId,
          p.customerId,
          p.status,
          p.amount,
          p.currency,
          p.declineReason,
          p.decidedAt,
          p.refundedAt);
    }
  }

  /** The payment of order {@code orderId}, or 404 (problem+json) while it has none yet. */
  @GET
  @Path("/{orderId}")
  public Response get(@PathParam("orderId") String orderId) {
    Payment payment = Payment.findById(orderId);
    if (payment == null) {
      return Problem.response(
          Response.Status.NOT_FOUND,
          "not-found",
          "Payment not found",
          "no payment for order " + orderId + " (yet)",
          null);
    }
    return Response.ok(PaymentView.of(payment)).build();
  }
}
