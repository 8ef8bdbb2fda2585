package dev.onceflow.benchmarks.cost;

import java.util.List;

/** What a PostgreSQL child process does, from the title it sets ({@code ps} shows it). */
public enum PostgresRole {
  /** A client connection's backend: {@code postgres: <user> <database> <client> <state>}. */
  BACKENDS("backends"),
  /** Streams WAL to a replication client, e.g. the relay: {@code postgres: walsender ...}. */
  WALSENDER("walsender"),
  /** Checkpointer, writers, autovacuum, launchers: work no single client asked for. */
  BACKGROUND("background");

  private static final List<String> BACKGROUND_TITLES =
      List.of(
          "checkpointer",
          "background writer",
          "walwriter",
          "autovacuum",
          "logical replication",
          "archiver",
          "stats collector",
          "startup",
          "walreceiver",
          "io worker");

  private final String label;

  PostgresRole(String label) {
    this.label = label;
  }

  /** The label in cost tables. */
  public String label() {
    return label;
  }

  /** The role of a process titled {@code title} (its {@code /proc/<pid>/cmdline}). */
  public static PostgresRole of(String title) {
    String role = title.startsWith("postgres: ") ? title.substring("postgres: ".length()) : title;
    if (role.startsWith("walsender")) {
      return WALSENDER;
    }
    for (String background : BACKGROUND_TITLES) {
      if (role.startsWith(background)) {
        return BACKGROUND;
      }
    }
    return BACKENDS;
  }
}
