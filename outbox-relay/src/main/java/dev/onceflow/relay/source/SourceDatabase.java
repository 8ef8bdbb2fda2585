package dev.onceflow.relay.source;

import dev.onceflow.relay.RelayConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The PostgreSQL database the relay reads: plain JDBC connections for the shard lock and the slot,
 * and the checks that turn a wrong set-up into a message saying how to fix it.
 */
public final class SourceDatabase {

  private final RelayConfig.Database database;

  public SourceDatabase(RelayConfig.Database database) {
    this.database = database;
  }

  /** {@code jdbc:postgresql://host:port/name}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.name();
  }

  /** Where the relay reads from, for messages: {@code host:port/name as user}. */
  public String describe() {
    return database.host()
        + ":"
        + database.port()
        + "/"
        + database.name()
        + " as "
        + database.user();
  }

  /**
   * A new connection, named {@code applicationName} in {@code pg_stat_activity}, with timeouts so
   * that a lost server is noticed instead of waited on forever.
   */
  public Connection connect(String applicationName) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", database.user());
    properties.setProperty("password", database.password());
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "30");
    properties.setProperty("tcpKeepAlive", "true");
    Connection connection = DriverManager.getConnection(jdbcUrl(), properties);
    connection.setAutoCommit(true);
    return connection;
  }

  /**
   * What keeps the relay from working against this database now.
   *
   * <p>Fatal problems need an operator (the server's {@code wal_level}, the role's {@code
   * REPLICATION} attribute). Pending ones may resolve by themselves, for instance when the service
   * owning the outbox has not run its migration yet: the relay waits for them.
   */
  public Problems problems(Connection connection, RelayConfig config) throws SQLException {
    List<String> fatal = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    String walProblem =
        WalLevel.problem(
            single(connection, "SHOW wal_level"), database.host() + ":" + database.port());
    if (walProblem != null) {
      fatal.add(walProblem);
    }
    if (!flag(
        connection,
        "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
      fatal.add(
          "onceflow.relay.database.user: role "
              + database.user()
              + " lacks the REPLICATION attribute; as a superuser run: ALTER ROLE "
              + database.user()
              + " REPLICATION");
    }
    if (!flag(
        connection, "SELECT true FROM pg_publication WHERE pubname = ?", config.publication())) {
      pending.add(
          "onceflow.relay.publication: publication '"
              + config.publication()
              + "' does not exist in database "
              + database.name()
              + " (yet?); the platform-core outbox migration creates it: CREATE PUBLICATION "
              + config.publication()
              + " FOR TABLE "
              + config.table()
              + " WITH (publish = 'insert')");
    } else {
      String[] table = config.table().split("\\.", 2);
      if (!flag(
          connection,
          "SELECT true FROM pg_publication_tables WHERE pubname = ? AND schemaname = ? AND"
              + " tablename = ?",
          config.publication(),
          table[0],
          table[1])) {
        pending.add(
            "onceflow.relay.table: "
                + config.table()
                + " is not in publication "
                + config.publication()
                + "; ALTER PUBLICATION "
                + config.publication()
                + " ADD TABLE "
                + config.table());
      }
    }
    return new Problems(fatal, pending);
  }

  /**
   * Problems found in the source database.
   *
   * @param fatal the relay cannot run until an operator fixes these
   * @param pending the relay waits until these resolve
   */
  public record Problems(List<String> fatal, List<String> pending) {

    /** Whether the relay can stream now. */
    public boolean none() {
      return fatal.isEmpty() && pending.isEmpty();
    }
  }

  private static String single(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getString(1);
    }
  }

  private static boolean flag(Connection connection, String query, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }
}
