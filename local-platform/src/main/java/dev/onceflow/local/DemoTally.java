package dev.onceflow.local;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What the demo load did so far, and its progress line. Updated from any thread. */
final class DemoTally {

  final AtomicLong placed = new AtomicLong();

  /** Cancelled while (as far as the demo knew) still placed. */
  final AtomicLong cancelled = new AtomicLong();

  /** Waited for until CONFIRMED, then cancelled: the payment is refunded. */
  final AtomicLong cancelledAfterConfirmation = new AtomicLong();

  /** A cancel answered 409: the order was rejected (or cancelled) first. */
  final AtomicLong tooLate = new AtomicLong();

  /** Waited for, but not CONFIRMED in time (rejected, or the saga is slow or not running). */
  final AtomicLong notConfirmed = new AtomicLong();

  final AtomicLong poison = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  private volatile String lastError;

  void failed(String error) {
    failed.incrementAndGet();
    lastError = error;
  }

  void print(PrintStream out, Instant start, long count, boolean tty) {
    double seconds = Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000.0);
    long done = placed.get();
    String bar;
    if (count > 0) {
      int width = 30;
      int filled = (int) Math.min(width, width * done / count);
      bar =
          "["
              + "#".repeat(filled)
              + ".".repeat(width - filled)
              + "] "
              + (100 * done / count)
              + " %";
    } else {
      int step = (int) (seconds % 10) * 3;
      bar = "[" + "=".repeat(step) + ">" + " ".repeat(27 - step) + "]";
    }
    String line =
        String.format(
            "%s %d placed · %d cancelled · %d cancelled after confirmation · %d poison · %s/s%s%s%s%s",
            bar,
            done,
            cancelled.get(),
            cancelledAfterConfirmation.get(),
            poison.get(),
            format(done / seconds),
            optional(tooLate.get(), "cancel too late (409)"),
            optional(notConfirmed.get(), "not confirmed in time"),
            optional(refused.get(), "refused (503: relay not ready)"),
            failed.get() > 0 ? " · " + failed.get() + " failed (" + lastError + ")" : "");
    if (tty) {
      out.print("\r\033[K" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  private static String optional(long value, String what) {
    return value > 0 ? " · " + value + " " + what : "";
  }

  static String format(double value) {
    return value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
  }
}
