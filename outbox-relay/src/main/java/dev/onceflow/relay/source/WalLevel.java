package dev.onceflow.relay.source;

/** The one server setting logical decoding cannot do without. */
public final class WalLevel {

  private WalLevel() {}

  /**
   * The problem with {@code walLevel}, or {@code null} if the server decodes logically.
   *
   * @param server where the server runs, for the message
   */
  public static String problem(String walLevel, String server) {
    if ("logical".equals(walLevel)) {
      return null;
    }
    return "PostgreSQL at "
        + server
        + " runs with wal_level="
        + walLevel
        + ", but the relay reads the WAL by logical decoding, which needs wal_level=logical."
        + " Fix: as a superuser run ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL"
        + " (a reload is not enough). Managed services call it e.g. rds.logical_replication=1 or"
        + " cloudsql.logical_decoding=on.";
  }
}
