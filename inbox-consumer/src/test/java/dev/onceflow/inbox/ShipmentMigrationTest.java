package dev.onceflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.LocalPostgres;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V3 on a database that V1 and V2 left with shipments of the old rules: CREATED becomes PENDING
 * (placed, payment not known to be decided), CANCELLED stays, and the new CHECK holds.
 */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class ShipmentMigrationTest {

  @Test
  void createdShipmentsBecomePendingAndUnknownStatusesAreRefused() throws SQLException {
    LocalPostgres postgres = LocalPlatformTestResource.postgres();
    String database = "fulfil_v3_" + UUID.randomUUID().toString().substring(0, 8);
    postgres.ensureDatabase(database, "fulfil_v3", "fulfil-v3-password");

    flyway(postgres, database, "2").migrate();
    try (Connection connection = postgres.connect(database);
        Statement sql = connection.createStatement()) {
      sql.executeUpdate(
          "INSERT INTO shipment (order_id, customer_id, status, currency, total, line_count,"
              + " last_sequence, placed_at, created_at, cancelled_at) VALUES"
              + " ('o-created', 'c-1', 'CREATED', 'EUR', 10, 1, 1, now(), now(), NULL),"
              + " ('o-cancelled', 'c-1', 'CANCELLED', 'EUR', 5, 1, 2, now(), now(), now())");
    }

    flyway(postgres, database, "latest").migrate();

    try (Connection connection = postgres.connect(database);
        Statement sql = connection.createStatement()) {
      try (ResultSet rows =
          sql.executeQuery("SELECT order_id, status, shipped_at FROM shipment ORDER BY order_id")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("o-cancelled");
        assertThat(rows.getString(2)).isEqualTo("CANCELLED");
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("o-created");
        assertThat(rows.getString(2)).isEqualTo("PENDING");
        assertThat(rows.getObject(3)).isNull();
      }
      assertThatThrownBy(() -> sql.executeUpdate("UPDATE shipment SET status = 'CREATED'"))
          .hasMessageContaining("shipment_status_check");
      assertThatThrownBy(
              () ->
                  sql.executeUpdate(
                      "UPDATE shipment SET status = 'SHIPPED' WHERE order_id = 'o-created'"))
          .hasMessageContaining("shipment_shipped_check");
    }
  }

  private static Flyway flyway(LocalPostgres postgres, String database, String target) {
    return Flyway.configure()
        .dataSource(postgres.jdbcUrl(database), postgres.superuser(), postgres.superuserPassword())
        .locations("classpath:db/onceflow/inbox", "classpath:db/migration")
        .placeholders(java.util.Map.of("onceflow_consumer", "fulfillment"))
        .target(target)
        .load();
  }
}
