package dev.onceflow.order;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The profile of most tests: outbox rows are kept for an hour instead of being deleted in their own
 * transaction, so a test can read exactly what the relay would read from the WAL. {@link
 * DefaultRetentionTest} covers the production default separately.
 */
public class RetainedOutbox implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("onceflow.outbox.retention", "1h");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return LocalPlatform.RESOURCES;
  }
}
