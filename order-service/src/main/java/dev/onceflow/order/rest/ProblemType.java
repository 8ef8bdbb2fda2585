package dev.onceflow.order.rest;

import dev.onceflow.contract.problem.ProblemTypes;
import java.net.URI;

/** The problem types this API defines beyond plain HTTP statuses. */
public enum ProblemType {
  /** A parameter, header or body field broke a rule; {@code errors} names each one. */
  INVALID_REQUEST("invalid-request", "Invalid request", 400),
  /** The body is not well-formed JSON. */
  MALFORMED_JSON("malformed-json", "Malformed JSON", 400),
  /** No order has the id in the path. */
  ORDER_NOT_FOUND("order-not-found", "Order not found", 404),
  /** The order was already cancelled. */
  ORDER_ALREADY_CANCELLED("order-already-cancelled", "Order already cancelled", 409),
  /** The order was rejected (its payment was declined), so there is nothing to cancel. */
  ORDER_ALREADY_REJECTED("order-already-rejected", "Order already rejected", 409),
  /** The Idempotency-Key was used before for a different request. */
  IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency-Key reused", 422),
  /**
   * The order's event would exceed {@code onceflow.outbox.max-payload-bytes}, so Kafka could never
   * carry it; nothing was written.
   */
  EVENT_TOO_LARGE("event-too-large", "Order too large to publish", 413),
  /**
   * The relay's replication slot does not exist yet, so the event could not be guaranteed to reach
   * Kafka; nothing was written and the request can be retried.
   */
  OUTBOX_NOT_RELAYED("outbox-not-relayed", "Events cannot be published yet", 503),
  /**
   * A listing ran longer than the configured query timeout and was cancelled; retry or narrow it.
   */
  QUERY_TIMED_OUT("query-timed-out", "Query timed out", 503);

  /** Every type URI starts with this; it identifies the type and need not resolve. */
  public static final String BASE = ProblemTypes.BASE;

  private final URI uri;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.uri = URI.create(BASE + slug);
    this.title = title;
    this.status = status;
  }

  public URI uri() {
    return uri;
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }
}
