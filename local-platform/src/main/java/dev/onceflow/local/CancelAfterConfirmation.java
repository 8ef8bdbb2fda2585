package dev.onceflow.local;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Cancels an order once order-service shows it {@code CONFIRMED}, so that the demo also shows the
 * saga's compensation: the authorised payment refunded, the shipped shipment cancelled. An order is
 * confirmed asynchronously (order-service consumes payment-service's outcome), so the demo looks at
 * it every {@code every} until it is confirmed, can no longer be (rejected, cancelled), or {@code
 * patience} has passed. Every look is one asynchronous GET scheduled on the demo's timer: waiting
 * never blocks the rest of the load, and at most {@code capacity} orders are watched at once.
 */
final class CancelAfterConfirmation {

  static final String REASON = "demo: changed my mind after confirmation";

  private static final Set<String> NEVER_CONFIRMED = Set.of("REJECTED", "CANCELLED");

  private final DemoOrders orders;
  private final ScheduledExecutorService timer;
  private final DemoTally tally;
  private final long everyMillis;
  private final long patienceNanos;
  private final int capacity;
  private final Semaphore watching;

  CancelAfterConfirmation(
      DemoOrders orders,
      ScheduledExecutorService timer,
      DemoTally tally,
      Duration every,
      Duration patience,
      int capacity) {
    this.orders = orders;
    this.timer = timer;
    this.tally = tally;
    this.everyMillis = every.toMillis();
    this.patienceNanos = patience.toNanos();
    this.capacity = capacity;
    this.watching = new Semaphore(capacity);
  }

  /**
   * Starts watching {@code orderId}; {@code false} (nothing started) when {@code capacity} orders
   * are watched already.
   */
  boolean watch(String orderId) {
    if (!watching.tryAcquire()) {
      return false;
    }
    later(orderId, System.nanoTime() + patienceNanos);
    return true;
  }

  /** Waits until no order is watched any more, at most {@code timeout}. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    if (!watching.tryAcquire(capacity, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    watching.release(capacity);
    return true;
  }

  private void later(String orderId, long deadline) {
    try {
      timer.schedule(() -> look(orderId, deadline), everyMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      watching.release(); // the demo is stopping
    }
  }

  private void look(String orderId, long deadline) {
    orders
        .get(orderId)
        .whenComplete(
            (response, error) -> {
              String status = error == null ? status(response) : "";
              if ("CONFIRMED".equals(status)) {
                watching.release();
                cancel(orderId);
              } else if (NEVER_CONFIRMED.contains(status) || System.nanoTime() > deadline) {
                // Counted before the watch ends: whoever sees it ended (awaitIdle) sees the count.
                tally.notConfirmed.incrementAndGet();
                watching.release();
              } else {
                later(orderId, deadline); // still PLACED, or a failed look: look again
              }
            });
  }

  private static String status(HttpResponse<String> response) {
    return response.statusCode() == 200
        ? DemoOrders.field(response.body(), "status").orElse("")
        : "";
  }

  private void cancel(String orderId) {
    orders
        .cancel(orderId, REASON)
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                tally.failed("cancel after confirmation: " + error);
              } else if (response.statusCode() == 200) {
                tally.cancelledAfterConfirmation.incrementAndGet();
              } else if (response.statusCode() == 409) {
                tally.tooLate.incrementAndGet();
              } else {
                tally.failed("cancel after confirmation: HTTP " + response.statusCode());
              }
            });
  }
}
