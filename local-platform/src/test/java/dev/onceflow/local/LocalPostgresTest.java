package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

  private static LocalPostgres shared;

  @BeforeAll
  static void startShared() {
    shared = LocalPostgres.builder().build().start();
  }

  @AfterAll
  static void closeShared() {
    shared.close();
    assertThat(shared.dataDirectory()).doesNotExist();
  }

  @Test
  void runsPostgres17ConfiguredForLogicalDecodingAndDurability() throws SQLException {
    assertThat(shared.serverVersion()).startsWith("17.");
    try (Connection connection = shared.connect("postgres")) {
      assertThat(show(connection, "wal_level")).isEqualTo("logical");
      assertThat(show(connection, "max_wal_senders")).isEqualTo("10");
      assertThat(show(connection, "max_replication_slots")).isEqualTo("10");
      assertThat(show(connection, "fsync")).isEqualTo("on");
      assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
      assertThat(show(connection, "listen_addresses")).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void createsAPgoutputSlotForAReplicationRole() throws SQLException {
    shared.ensureDatabase("slots", "slots_owner", "owner-secret");
    shared.ensureRole("slots_relay", "relay-secret", true);
    try (Connection connection = shared.connect("slots", "slots_relay", "relay-secret");
        Statement statement = connection.createStatement();
        ResultSet slot =
            statement.executeQuery(
                "SELECT slot_name FROM pg_create_logical_replication_slot('relay', 'pgoutput')")) {
      assertThat(slot.next()).isTrue();
      assertThat(slot.getString(1)).isEqualTo("relay");
    }
    try (Connection connection = shared.connect("slots");
        Statement statement = connection.createStatement();
        ResultSet slot =
            statement.executeQuery(
                "SELECT plugin, slot_type, database FROM pg_replication_slots"
                    + " WHERE slot_name = 'relay'")) {
      assertThat(slot.next()).isTrue();
      assertThat(slot.getString("plugin")).isEqualTo("pgoutput");
      assertThat(slot.getString("slot_type")).isEqualTo("logical");
      assertThat(slot.getString("database")).isEqualTo("slots");
      statement.execute("SELECT pg_drop_replication_slot('relay')");
    }
  }

  @Test
  void ensureDatabaseIsIdempotentAndGivesTheOwnerANonSuperuserLogin() throws SQLException {
    shared.ensureDatabase("owned", "owned_app", "first-secret");
    shared.ensureDatabase("owned", "owned_app", "second-secret");

    try (Connection connection = shared.connect("owned", "owned_app", "second-secret");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE owned_by_app (id int PRIMARY KEY)");
      try (ResultSet role =
          statement.executeQuery(
              "SELECT rolsuper, rolreplication FROM pg_roles WHERE rolname = current_user")) {
        role.next();
        assertThat(role.getBoolean("rolsuper")).isFalse();
        assertThat(role.getBoolean("rolreplication")).isFalse();
      }
    }
    assertThatThrownBy(() -> shared.connect("owned", "owned_app", "first-secret").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void rejectsNamesThatWouldNeedQuoting() {
    assertThatThrownBy(() -> shared.ensureDatabase("drop table", "x", "secret"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shared.ensureRole("Robert\"; --", "secret", false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsDataAcrossCleanRestartsOfAPersistentDirectory(@TempDir Path directory)
      throws SQLException {
    int port;
    try (LocalPostgres first = LocalPostgres.builder().dataDirectory(directory).build().start()) {
      port = first.port();
      execute(first, "CREATE TABLE kept (id int PRIMARY KEY)", "INSERT INTO kept VALUES (1)");
    }
    assertThat(directory.resolve("pgdata/PG_VERSION")).exists();

    // A new object on the same directory: the generated superuser password was kept there.
    try (LocalPostgres second =
        LocalPostgres.builder().dataDirectory(directory).port(port).build().start()) {
      assertThat(count(second, "kept")).isEqualTo(1);
    }
    assertThat(directory).exists();
  }

  @Test
  void crashKeepsCommittedRowsAndRestartsOnTheSamePort(@TempDir Path directory) throws Exception {
    try (LocalPostgres postgres =
        LocalPostgres.builder().dataDirectory(directory).build().start()) {
      int port = postgres.port();
      long pid = postgres.postmasterPid().orElseThrow();
      execute(
          postgres,
          "CREATE TABLE committed (id int PRIMARY KEY)",
          "INSERT INTO committed SELECT generate_series(1, 1000)");

      postgres.crash();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      postgres.start();

      assertThat(postgres.port()).isEqualTo(port);
      assertThat(count(postgres, "committed")).isEqualTo(1000);
      assertThat(Files.readString(postgres.logFile()))
          .contains("database system was interrupted")
          .contains("redo done");
    }
  }

  private static String show(Connection connection, String setting) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW " + setting)) {
      result.next();
      return result.getString(1);
    }
  }

  private static void execute(LocalPostgres postgres, String... sql) throws SQLException {
    try (Connection connection = postgres.connect("postgres");
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  private static long count(LocalPostgres postgres, String table) throws SQLException {
    try (Connection connection = postgres.connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }
}
