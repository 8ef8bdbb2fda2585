package dev.onceflow.order.domain;

import java.time.Duration;

/** A listing query ran longer than {@code onceflow.orders.query-timeout} and was cancelled. */
public class ListingTimedOut extends RuntimeException {

  private final Duration timeout;

  ListingTimedOut(Duration timeout, Throwable cause) {
    super("Listing orders took longer than " + timeout, cause);
    this.timeout = timeout;
  }

  /** The timeout that cancelled the query. */
  public Duration timeout() {
    return timeout;
  }
}
