package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingStandbyTest {

  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @Test
  void aPromotedStandbyServesEveryAcknowledgedCommitAndTheFailoverSlotOnThePrimarysAddress(
      @TempDir Path directory) throws SQLException {
    LocalPostgres primary =
        LocalPostgres.builder().dataDirectory(directory.resolve("primary")).build().start();
    LocalPostgres promoted = null;
    try (StreamingStandby standby =
        StreamingStandby.start(
            primary, directory.resolve("standby"), directory.resolve("standby.log"), PATIENCE)) {
      execute(primary, "CREATE TABLE acknowledged (n int)");
      execute(
          primary,
          "SELECT pg_create_logical_replication_slot('relay', 'pgoutput', false, false, true)");
      // Synchronous: once the commit returns, the row is on the standby too.
      execute(primary, "INSERT INTO acknowledged SELECT generate_series(1, 1000)");
      assertThat(number(primary, "SHOW synchronous_standby_names")).isEqualTo("*");
      // The synchronised copy stays temporary until the slot on the primary moves past the
      // standby's own WAL reservation: a relay confirming its position does that; here, by hand.
      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                execute(
                    primary, "SELECT pg_replication_slot_advance('relay', pg_current_wal_lsn())");
                return number(
                        standby.server(),
                        "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'relay'"
                            + " AND synced AND NOT temporary")
                    .equals("1");
              });
      standby.awaitSlotSynchronised("relay", PATIENCE);

      promoted = standby.promote();

      assertThat(primary.isRunning()).isFalse();
      assertThat(promoted.port()).isEqualTo(primary.port());
      assertThat(number(promoted, "SELECT count(*) FROM acknowledged")).isEqualTo("1000");
      assertThat(number(promoted, "SELECT pg_is_in_recovery()::text")).isEqualTo("false");
      assertThat(
              number(
                  promoted,
                  "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'relay'"
                      + " AND failover"))
          .isEqualTo("1");
      // No standby any more: a commit must not wait for one.
      execute(promoted, "INSERT INTO acknowledged VALUES (1001)");
    } finally {
      if (promoted != null) {
        promoted.close();
      }
      primary.close();
    }
  }

  private static void execute(LocalPostgres server, String sql) throws SQLException {
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(60);
      statement.execute(sql);
    }
  }

  private static String number(LocalPostgres server, String sql) throws SQLException {
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getString(1);
    }
  }
}
