package dev.onceflow.order.rest;

import dev.onceflow.core.security.ServiceTokenRequired;
import dev.onceflow.order.OrdersConfig;
import dev.onceflow.order.domain.OrderCursor;
import dev.onceflow.order.domain.OrderListing;
import dev.onceflow.order.domain.OrderNotFound;
import dev.onceflow.order.domain.OrderService;
import dev.onceflow.order.domain.OrderStatus;
import dev.onceflow.order.domain.Placement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Places, reads, lists and cancels orders. Every error is an RFC 9457 {@link Problem}. Placing and
 * cancelling need the service token ({@link ServiceTokenRequired}); reading and listing do not.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders")
@APIResponse(
    responseCode = "400",
    description = "Invalid parameter, header or body; `errors` names each offending field",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class OrderResource {

  /** Header that makes {@code POST /orders} safe to retry. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final java.util.regex.Pattern CANONICAL_UUID =
      java.util.regex.Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final OrderService orders;
  private final OrdersConfig config;

  OrderResource(OrderService orders, OrdersConfig config) {
    this.orders = orders;
    this.config = config;
  }

  /**
   * Places an order. A repeated {@value #IDEMPOTENCY_KEY} with the same body answers {@code 200}
   * with the order the first request created (as it is now) and writes nothing.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @ServiceTokenRequired
  @Operation(
      summary = "Place an order",
      description =
          "Stores the order and its OrderPlaced event (sequence 1) in one transaction. With an"
              + " Idempotency-Key, a retry with the same body returns 200 and the order the first"
              + " request created, without writing anything; the same key with a different body"
              + " is refused with 422.")
  @APIResponse(responseCode = "201", description = "Order placed; `Location` names it")
  @APIResponse(
      responseCode = "401",
      description = "No `Authorization: Bearer <service token>` header, or the wrong token",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(responseCode = "200", description = "Replay of an earlier request with this key")
  @APIResponse(
      responseCode = "413",
      description = "Body larger than the limit",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "422",
      description = "Idempotency-Key already used for a different body",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public RestResponse<OrderView> place(
      @Parameter(description = "Client-chosen retry key: 1 to 255 visible ASCII characters")
          @HeaderParam(IDEMPOTENCY_KEY)
          @Pattern(
              regexp = "\\p{Graph}{1,255}",
              message = "must be 1 to 255 visible ASCII characters")
          String idempotencyKey,
      @NotNull(message = "a JSON body is required") @Valid PlaceOrderRequest request) {
    Placement placement = orders.place(request.toNewOrder(), idempotencyKey);
    OrderView view = OrderView.of(placement.order());
    URI location = URI.create("/orders/" + view.id());
    if (placement.created()) {
      return RestResponse.ResponseBuilder.<OrderView>created(location).entity(view).build();
    }
    return RestResponse.ResponseBuilder.ok(view).location(location).build();
  }

  /** The order with this id. */
  @GET
  @Path("{id}")
  @Operation(
      summary = "Get an order",
      description =
          "Its status: PLACED once accepted; CONFIRMED or REJECTED once its payment is decided"
              + " (payment-service's PaymentAuthorized or PaymentDeclined, consumed through the"
              + " inbox; `decidedAt`, and `rejectionReason` for a rejected order); CANCELLED"
              + " when cancelled from PLACED or CONFIRMED. `version` is the sequence of its last"
              + " event.")
  @APIResponse(responseCode = "200", description = "The order")
  @APIResponse(
      responseCode = "404",
      description = "No such order (also for an id that is not a UUID)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public OrderView get(@PathParam("id") String id) {
    return OrderView.of(orders.get(orderId(id)));
  }

  /**
   * A page of orders, newest first, optionally filtered by customer and status. Keyset paging: the
   * response's {@code next} is the {@code after} of the following page.
   */
  @GET
  @Operation(
      summary = "List orders",
      description =
          "Newest first, ties broken by id. Keyset paging: pass the `next` of a page as `after` to"
              + " get the following one; every order appears exactly once across pages, even while"
              + " orders are placed. `size` above the configured maximum is refused. No total"
              + " count: a page costs the same at any depth.")
  @APIResponse(responseCode = "200", description = "One page of orders")
  @APIResponse(
      responseCode = "503",
      description = "The query ran longer than the configured timeout and was cancelled",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public OrderPage list(
      @Parameter(description = "Only this customer's orders")
          @QueryParam("customerId")
          @Size(max = 64)
          @Pattern(
              regexp = Text.NO_CONTROL_CHARACTERS,
              message = Text.NO_CONTROL_CHARACTERS_MESSAGE)
          String customerId,
      @Parameter(
              description = "Only orders in this status",
              schema = @Schema(implementation = OrderStatus.class))
          @QueryParam("status")
          @Pattern(
              regexp = "PLACED|CONFIRMED|REJECTED|CANCELLED",
              message = "must be PLACED, CONFIRMED, REJECTED or CANCELLED")
          String status,
      @Parameter(description = "The `next` of the previous page; omit it for the first page")
          @QueryParam("after")
          @Size(max = 200)
          String after,
      @Parameter(description = "Page size (default and maximum are configured)")
          @QueryParam("size")
          @Pattern(regexp = "[1-9][0-9]{0,3}", message = "must be an integer from 1 to 9999")
          String size,
      @Parameter(description = "Removed: offset paging; use `after`", hidden = true)
          @QueryParam("page")
          String page) {
    if (page != null) {
      throw new InvalidParameter(
          "page", "is not supported: pass the previous page's next as after (keyset paging)");
    }
    int pageSize = size == null ? config.defaultPageSize() : Integer.parseInt(size);
    if (pageSize > config.maxPageSize()) {
      throw new InvalidParameter("size", "must be at most " + config.maxPageSize());
    }
    OrderCursor cursor = null;
    if (after != null) {
      try {
        cursor = OrderCursor.parse(after);
      } catch (IllegalArgumentException e) {
        throw new InvalidParameter("after", "must be the next of an earlier page");
      }
    }
    OrderListing listing =
        orders.list(
            customerId, status == null ? null : OrderStatus.valueOf(status), cursor, pageSize);
    return new OrderPage(
        pageSize,
        listing.orders().stream().map(OrderView::of).toList(),
        listing.next() == null ? null : listing.next().token());
  }

  /**
   * Cancels a placed or confirmed order; an order is cancelled at most once, and a rejected one
   * never.
   */
  @POST
  @Path("{id}/cancel")
  @Consumes(MediaType.APPLICATION_JSON)
  @ServiceTokenRequired
  @Operation(
      summary = "Cancel an order",
      description =
          "Placed or confirmed → CANCELLED. Records OrderCancelled with the order's next version"
              + " as its sequence: 2 for a placed order, 3 for a confirmed one (payment-service"
              + " then refunds its payment). A rejected order cannot be cancelled (409"
              + " order-already-rejected), nor a cancelled one again (409"
              + " order-already-cancelled). The body is optional.")
  @APIResponse(responseCode = "200", description = "The cancelled order")
  @APIResponse(
      responseCode = "401",
      description = "No `Authorization: Bearer <service token>` header, or the wrong token",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "404",
      description = "No such order",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "Already cancelled (`order-already-cancelled`) or rejected"
              + " (`order-already-rejected`)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public OrderView cancel(@PathParam("id") String id, @Valid CancelOrderRequest request) {
    String reason = request == null ? null : request.reason();
    return OrderView.of(orders.cancel(orderId(id), reason));
  }

  // UUID.fromString accepts forms like "1-2-3-4-5"; only the canonical form names an order.
  private static UUID orderId(String id) {
    if (!CANONICAL_UUID.matcher(id).matches()) {
      throw new OrderNotFound(id);
    }
    return UUID.fromString(id);
  }
}
