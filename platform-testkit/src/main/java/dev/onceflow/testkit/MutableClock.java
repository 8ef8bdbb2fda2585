package dev.onceflow.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} a test moves instead of sleeping: the system clock (UTC) shifted by an offset the
 * test sets, so retention, dedupe windows and stall checks are tested in milliseconds.
 *
 * <p>The library's beans take the application's {@code Clock} bean when there is one (platform-core
 * provides the system clock as a default bean). A {@code @QuarkusTest} makes this one that bean
 * with a producer in its test sources:
 *
 * <pre>{@code
 * @Singleton
 * class TestClock {
 *   @Produces @Singleton MutableClock clock() { return new MutableClock(); }
 * }
 * }</pre>
 *
 * and moves it with {@code @Inject MutableClock clock; ... clock.shift(Duration.ofDays(-8))}.
 */
public class MutableClock extends Clock {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Sets the clock to real time plus {@code shift} (negative: into the past). */
  public void shift(Duration shift) {
    offset.set(shift);
  }

  /** Back to real time. */
  public void reset() {
    offset.set(Duration.ZERO);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }
}
