package dev.onceflow.dashboard;

import dev.onceflow.dashboard.stats.MutableClock;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * The system clock plus an offset the test moves forward, so bounds of a minute pass at once while
 * Kafka and the scheduler keep running in real time. Enabled only by the audit tests' profiles.
 */
@Alternative
@Singleton
public class ShiftedClock extends MutableClock {

  private volatile Duration shift = Duration.ZERO;

  public ShiftedClock() {
    super(Instant.EPOCH);
  }

  @Override
  public void advance(Duration duration) {
    shift = shift.plus(duration);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(shift);
  }
}
