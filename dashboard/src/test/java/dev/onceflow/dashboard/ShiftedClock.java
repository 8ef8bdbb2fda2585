package dev.onceflow.dashboard;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset the test moves forward, so bounds of a minute pass at once while
 * Kafka and the scheduler keep running in real time. Enabled only by the audit tests' profiles.
 */
@Alternative
@Singleton
public class ShiftedClock extends Clock {

  private volatile Duration shift = Duration.ZERO;

  public void advance(Duration duration) {
    shift = shift.plus(duration);
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
    return Instant.now().plus(shift);
  }
}
