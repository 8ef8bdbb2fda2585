package dev.onceflow.inbox.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' {@link Clock}: the system clock shifted by an offset a test can set, so that retention
 * and stall logic are tested without sleeping. Being a {@code Clock} bean, it replaces
 * platform-core's default one.
 */
@Singleton
public class MutableClock extends Clock {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Moves the clock by {@code shift} from real time (negative: into the past). */
  public void shift(Duration shift) {
    offset.set(shift);
  }

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
