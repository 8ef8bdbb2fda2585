package dev.onceflow.order;

import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.junit.QuarkusTestProfile.TestResourceEntry;
import java.util.List;
import java.util.Map;

/** The real PostgreSQL (database {@value #DATABASE}) every test of this module runs against. */
final class LocalPlatform {

  /** The service's database, owned by a non-superuser role of the same name. */
  static final String DATABASE = "orders";

  /**
   * The slot outbox-relay would create on its first start; the outbox refuses events without it.
   */
  static final String REPLICATION_SLOT = "onceflow_outbox";

  static final List<TestResourceEntry> RESOURCES =
      List.of(
          new TestResourceEntry(
              LocalPlatformTestResource.class,
              Map.of(
                  LocalPlatformTestResource.DATABASE,
                  DATABASE,
                  LocalPlatformTestResource.REPLICATION_SLOT,
                  REPLICATION_SLOT)));

  private LocalPlatform() {}
}
