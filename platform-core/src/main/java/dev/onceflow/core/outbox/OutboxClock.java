package dev.onceflow.core.outbox;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The UTC system clock, unless the application (or a test) provides its own {@link Clock} bean. */
@ApplicationScoped
class OutboxClock {

  @Produces
  @DefaultBean
  @ApplicationScoped
  Clock systemClock() {
    return Clock.systemUTC();
  }
}
