package dev.onceflow.inbox.support;

import dev.onceflow.testkit.MutableClock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the testkit's {@link MutableClock} the application's {@code Clock} in tests (it replaces
 * platform-core's default one), so retention and stall logic are tested without sleeping.
 */
@Singleton
public class TestClock {

  @Produces
  @Singleton
  MutableClock clock() {
    return new MutableClock();
  }
}
