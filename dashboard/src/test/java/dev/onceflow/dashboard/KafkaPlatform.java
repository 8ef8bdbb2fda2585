package dev.onceflow.dashboard;

import dev.onceflow.local.LocalPlatformTestResource;
import java.util.Map;

/**
 * The local platform for the dashboard's tests: only Kafka matters, but the resource also prepares
 * a database, so pgjdbc must be registered in each test profile's class loader (the dashboard has
 * no datasource extension that would do it).
 */
public class KafkaPlatform extends LocalPlatformTestResource {

  @Override
  public Map<String, String> start() {
    try {
      Class.forName("org.postgresql.Driver", true, KafkaPlatform.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("pgjdbc is a test dependency of the dashboard", e);
    }
    return super.start();
  }
}
