package dev.onceflow.dashboard;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The dashboard with an admin user, as a Secret would configure it. */
public class AdminProfile implements QuarkusTestProfile {

  public static final String USER = "test-admin";
  public static final String PASSWORD = "only-in-this-test";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "onceflow.dashboard.admin.username", USER, "onceflow.dashboard.admin.password", PASSWORD);
  }
}
