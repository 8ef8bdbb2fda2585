package dev.onceflow.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The roles, databases and replication slots a {@link LocalPostgres} server is given, created as
 * its superuser and idempotently: a persistent server is provisioned again on every run.
 */
final class PostgresProvisioning {

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final LocalPostgres server;

  PostgresProvisioning(LocalPostgres server) {
    this.server = server;
  }

  /** See {@link LocalPostgres#ensureRole}. */
  void ensureRole(String name, String password, boolean replication) {
    String attributes =
        "LOGIN NOSUPERUSER " + (replication ? "REPLICATION" : "NOREPLICATION") + " PASSWORD ";
    upsertRole(name, password, attributes);
  }

  /** See {@link LocalPostgres#ensureLogicalReplicationSlot}. */
  void ensureLogicalReplicationSlot(String database, String slot) {
    try (Connection connection = server.connect(database);
        PreparedStatement create =
            connection.prepareStatement(
                "SELECT pg_create_logical_replication_slot(?, 'pgoutput') WHERE NOT EXISTS"
                    + " (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
      create.setString(1, slot);
      create.setString(2, slot);
      create.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create replication slot " + slot + " in database " + database, e);
    }
  }

  /** See {@link LocalPostgres#ensureDatabase}. */
  void ensureDatabase(String name, String ownerRole, String password) {
    requireName(name);
    upsertRole(ownerRole, password, "LOGIN NOSUPERUSER PASSWORD ");
    try (Connection connection = server.connect("postgres")) {
      if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE " + name + " OWNER " + ownerRole);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }

  private void upsertRole(String name, String password, String attributes) {
    requireName(name);
    Objects.requireNonNull(password, "password");
    // DDL takes no bind parameters: the password goes in as a quoted literal.
    String literal = "'" + password.replace("'", "''") + "'";
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement()) {
      String verb =
          exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", name) ? "ALTER" : "CREATE";
      statement.execute(verb + " ROLE " + name + " WITH " + attributes + literal);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create role " + name, e);
    }
  }

  private static boolean exists(Connection connection, String query, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  private static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "role and database names must match " + NAME.pattern() + ", got " + name);
    }
  }
}
