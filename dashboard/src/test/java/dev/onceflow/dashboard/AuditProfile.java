package dev.onceflow.dashboard;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/** The audit tests' application: a clock they move, a written watermark they fill. */
public class AuditProfile implements QuarkusTestProfile {

  static final WrittenSource WRITTEN = WrittenSource.start();

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "onceflow.dashboard.audit.written-sources",
        WRITTEN.url(),
        "onceflow.dashboard.audit.written-poll-interval",
        "500ms");
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(ShiftedClock.class);
  }

  /** The clean-traffic test's own application, following only its own topics. */
  public static class CleanTraffic extends AuditProfile {
    static final String PREFIX = "clean.event.";
    static final WrittenSource CLEAN_WRITTEN = WrittenSource.start();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "onceflow.dashboard.audit.written-sources",
          CLEAN_WRITTEN.url(),
          "onceflow.dashboard.audit.written-poll-interval",
          "500ms",
          "onceflow.dashboard.event-topic-prefix",
          PREFIX);
    }
  }
}
