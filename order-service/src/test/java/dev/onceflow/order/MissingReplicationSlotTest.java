package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.post;
import static dev.onceflow.order.OrderRequests.validBody;
import static dev.onceflow.order.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An event written before the relay's replication slot exists would never be published, so the
 * outbox refuses it: the request fails with 503 and writes nothing, and succeeds once the slot is
 * there.
 */
@QuarkusTest
@TestProfile(MissingReplicationSlotTest.SlotNotCreatedYet.class)
class MissingReplicationSlotTest {

  static final String SLOT = "order_service_test_relay_not_started";

  public static class SlotNotCreatedYet implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("onceflow.outbox.retention", "1h", "onceflow.outbox.replication-slot", SLOT);
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return LocalPlatform.RESOURCES;
    }
  }

  @Test
  void refusesOrdersUntilTheRelaysSlotExistsThenAcceptsThem() {
    OrdersDatabase.rows(
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
            + " WHERE slot_name = ?",
        SLOT);
    String customer = newCustomer("slotless");

    assertProblem(post(validBody(customer)), 503, "outbox-not-relayed").header("Retry-After", "5");
    assertThat(OrdersDatabase.ordersOf(customer)).isZero();
    assertThat(OrdersDatabase.outboxRowsOfCustomer(customer)).isZero();

    LocalPlatformTestResource.postgres().ensureLogicalReplicationSlot(LocalPlatform.DATABASE, SLOT);
    try {
      post(validBody(customer)).statusCode(201);
      assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(1);
      assertThat(OrdersDatabase.outboxRowsOfCustomer(customer)).isEqualTo(1);
    } finally {
      OrdersDatabase.rows("SELECT pg_drop_replication_slot(?)", SLOT);
    }
  }
}
