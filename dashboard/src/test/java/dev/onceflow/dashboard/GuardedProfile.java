package dev.onceflow.dashboard;

import dev.onceflow.dashboard.stats.MutableClock;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard with an admin user, a login limit of {@value #MAX_FAILURES} failures a minute, a
 * service token, a clock the test moves, and inbox-consumer's place taken by {@link
 * InboxConsumerStandIn}.
 */
public class GuardedProfile implements QuarkusTestProfile {

  public static final int MAX_FAILURES = 3;
  public static final String SERVICE_TOKEN = "service-token-of-this-test";

  /** The clock of every time-based decision in this profile. */
  public static final MutableClock CLOCK = new MutableClock(Instant.now());

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "onceflow.dashboard.admin.username",
        AdminProfile.USER,
        "onceflow.dashboard.admin.password",
        AdminProfile.PASSWORD,
        "onceflow.dashboard.login.max-failures",
        String.valueOf(MAX_FAILURES),
        "onceflow.dashboard.login.window",
        "1m",
        "onceflow.dashboard.service-token",
        SERVICE_TOKEN);
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(MovableClock.class);
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(InboxConsumerStandIn.class));
  }

  /** Replaces the system clock in this profile only. */
  @Alternative
  @Singleton
  public static class MovableClock {

    @Produces
    @Singleton
    Clock clock() {
      return CLOCK;
    }
  }
}
