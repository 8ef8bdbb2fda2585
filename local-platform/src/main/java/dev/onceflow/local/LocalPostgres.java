package dev.onceflow.local;

import dev.onceflow.local.internal.Directories;
import dev.onceflow.local.internal.Passwords;
import dev.onceflow.local.internal.Ports;
import dev.onceflow.local.internal.PostgresCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * A real PostgreSQL server run from zonky's binaries, without Docker, as a separate OS process on
 * 127.0.0.1.
 *
 * <p>Configured for the outbox relay (logical decoding: {@code wal_level=logical}) and for fault
 * tests: fsync and synchronous commit stay on, so a row whose commit returned survives {@link
 * #crash()}. Host connections use scram-sha-256, so a wrong password fails as it would in
 * production.
 *
 * <p>Layout of the data directory: {@code pgdata/} (the cluster), {@code postgresql.log} (the
 * server log) and {@code superuser-password} (only when the password was generated, mode 600).
 * Without a data directory a temporary one is used and deleted by {@link #close()}.
 *
 * <pre>{@code
 * try (LocalPostgres pg = LocalPostgres.builder().build().start()) {
 *   pg.ensureDatabase("orders", "order_service", password);
 *   String url = pg.jdbcUrl("orders");
 * }
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {

  /** The superuser created by initdb. */
  public static final String SUPERUSER = "postgres";

  /** The host every server listens on. */
  public static final String HOST = "127.0.0.1";

  private final PostgresCluster cluster;
  private final PostgresProvisioning provisioning = new PostgresProvisioning(this);
  private final int port;
  private final Path dataDirectory;
  private final boolean temporary;
  private final Path clusterDirectory;
  private final Path logFile;
  private final String superuserPassword;
  private final Map<String, String> serverConfig;

  private volatile boolean attached;
  private volatile boolean running;

  private LocalPostgres(Builder builder) {
    this.port = Ports.orFree(builder.port);
    this.temporary = builder.dataDirectory == null;
    this.dataDirectory =
        temporary
            ? Directories.temporary("onceflow-postgres-")
            : builder.dataDirectory.toAbsolutePath();
    this.clusterDirectory = dataDirectory.resolve("pgdata");
    this.cluster = new PostgresCluster(clusterDirectory);
    this.logFile =
        Optional.ofNullable(builder.logFile)
            .map(Path::toAbsolutePath)
            .orElse(dataDirectory.resolve("postgresql.log"));
    this.superuserPassword =
        Optional.ofNullable(builder.superuserPassword).orElseGet(this::storedOrNewPassword);
    this.serverConfig = new LinkedHashMap<>(builder.serverConfig);
  }

  /**
   * A handle on a server that another {@code LocalPostgres} (possibly in another class loader)
   * started on {@code dataDirectory} with a generated password. Everything works through it,
   * stopping and crashing included, since the server is a separate process; {@link #close()} leaves
   * it to its owner.
   */
  static LocalPostgres attach(int port, Path dataDirectory) {
    LocalPostgres postgres = builder().port(port).dataDirectory(dataDirectory).build();
    postgres.attached = true;
    postgres.running = postgres.cluster.postmasterAlive();
    return postgres;
  }

  /** A builder with a free port, a temporary data directory and a generated password. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Initializes the cluster if the data directory has none, then starts the server and waits until
   * it accepts connections. A server left running by a killed JVM on the same data directory is
   * stopped first.
   *
   * @return this server, for chaining
   */
  public synchronized LocalPostgres start() {
    if (running) {
      throw new IllegalStateException("PostgreSQL is already running on port " + port);
    }
    if (!cluster.initialized()) {
      cluster.initdb(SUPERUSER, superuserPassword);
    }
    cluster.configure(serverSettings());
    cluster.start(logFile, temporary && !attached ? Optional.of(dataDirectory) : Optional.empty());
    running = true;
    return this;
  }

  /** Stops the server cleanly ({@code pg_ctl stop -m fast}) and keeps the data directory. */
  public synchronized void stop() {
    running = false;
    // Another handle on the same directory may have stopped or crashed it already.
    if (cluster.postmasterAlive()) {
      cluster.stop("fast");
    }
  }

  /**
   * Crashes the server: {@code pg_ctl stop -m immediate} sends SIGQUIT to the postmaster, which
   * aborts every backend without a checkpoint, as a power cut would (minus the page cache). The
   * next {@link #start()} runs crash recovery from the WAL on the same port and data directory.
   */
  public synchronized void crash() {
    if (!running) {
      throw new IllegalStateException("PostgreSQL is not running");
    }
    running = false;
    cluster.stop("immediate");
  }

  /** {@link #crash()} then {@link #start()}: committed rows must still be there. */
  public LocalPostgres crashRestart() {
    crash();
    return start();
  }

  /** {@link #stop()} then {@link #start()}. */
  public LocalPostgres restart() {
    stop();
    return start();
  }

  /**
   * Stops the server; deletes the data directory when it was temporary. A no-op on a handle from
   * {@code attach}: the owner closes.
   */
  @Override
  public synchronized void close() {
    if (attached) {
      return;
    }
    try {
      stop();
    } finally {
      if (temporary) {
        Directories.deleteRecursively(dataDirectory);
      }
    }
  }

  /** Whether this object started the server and has not stopped or crashed it since. */
  public boolean isRunning() {
    return running;
  }

  /** The process id of the running postmaster, read from {@code postmaster.pid}. */
  public OptionalLong postmasterPid() {
    return cluster.postmasterPid();
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The directory holding the cluster ({@code pgdata/}), the server log and generated secrets. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The server log. */
  public Path logFile() {
    return logFile;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  /** The superuser's name, {@value #SUPERUSER}. */
  public String superuser() {
    return SUPERUSER;
  }

  /**
   * The superuser's password: given to the builder, or generated and kept in the data directory.
   */
  public String superuserPassword() {
    return superuserPassword;
  }

  /** A new superuser connection to {@code database}; the caller closes it. */
  public Connection connect(String database) throws SQLException {
    return connect(database, SUPERUSER, superuserPassword);
  }

  /** A new connection to {@code database} as {@code user}; the caller closes it. */
  public Connection connect(String database, String user, String password) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), credentials(user, password));
  }

  /**
   * {@link #connect(String, String, String)} bounded by {@code timeout} at every step: the TCP
   * connect, the login and each later read. For clients that outlive a crash of this server: a
   * connection opened while the server shuts down or starts may otherwise wait forever for its
   * startup reply (the JDBC driver's login and socket timeouts default to none).
   */
  public Connection connect(String database, String user, String password, Duration timeout)
      throws SQLException {
    Properties properties = credentials(user, password);
    String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("loginTimeout", seconds);
    properties.setProperty("socketTimeout", seconds);
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  private static Properties credentials(String user, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return properties;
  }

  /**
   * Creates login role {@code name} if absent, and in any case sets its password and replication
   * attribute. Never a superuser.
   *
   * @param replication whether the role may open replication connections (logical decoding)
   */
  public void ensureRole(String name, String password, boolean replication) {
    provisioning.ensureRole(name, password, replication);
  }

  /**
   * Creates logical replication slot {@code slot} (plugin {@code pgoutput}) in {@code database} if
   * it does not exist yet. Decoding only sees changes made after its slot exists, so tests and
   * tools that write outbox events before a relay first runs create the slot up front.
   */
  public void ensureLogicalReplicationSlot(String database, String slot) {
    provisioning.ensureLogicalReplicationSlot(database, slot);
  }

  /**
   * Creates login role {@code ownerRole} (without replication) if absent, sets its password, and
   * creates database {@code name} owned by it if absent. Idempotent; an existing role keeps its
   * replication attribute.
   */
  public void ensureDatabase(String name, String ownerRole, String password) {
    provisioning.ensureDatabase(name, ownerRole, password);
  }

  /** The server's version, e.g. {@code 17.x}. */
  public String serverVersion() {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW server_version")) {
      result.next();
      return result.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the server version", e);
    }
  }

  @Override
  public String toString() {
    return "postgresql://" + HOST + ":" + port;
  }

  private String storedOrNewPassword() {
    Path file = dataDirectory.resolve("superuser-password");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      String password = Passwords.random();
      Files.createDirectories(dataDirectory);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, password, StandardCharsets.UTF_8);
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the superuser password in " + file, e);
    }
  }

  /** What every Onceflow server runs with, then the builder's settings over them. */
  private Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("port", Integer.toString(port));
    settings.put("listen_addresses", "'" + HOST + "'");
    // No Unix socket: its path would depend on the data directory's length and nothing uses it.
    settings.put("unix_socket_directories", "''");
    settings.put("wal_level", "logical");
    settings.put("max_wal_senders", "10");
    settings.put("max_replication_slots", "10");
    settings.put("fsync", "on");
    settings.put("synchronous_commit", "on");
    settings.put("full_page_writes", "on");
    settings.put("max_connections", "200");
    settings.put("shared_buffers", "128MB");
    settings.put("timezone", "'UTC'");
    settings.put("log_timezone", "'UTC'");
    serverConfig.forEach(settings::put);
    return settings;
  }

  /** Options for a {@link LocalPostgres}; every one has a default. */
  public static final class Builder {
    private int port;
    private Path dataDirectory;
    private Path logFile;
    private String superuserPassword;
    private final Map<String, String> serverConfig = new LinkedHashMap<>();

    private Builder() {}

    /** TCP port on 127.0.0.1; 0 (the default) picks a free one, kept across restarts. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * A data directory kept between runs (created if missing). Without one, a temporary directory
     * is used and deleted by {@link LocalPostgres#close()}.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /** Where the server logs; defaults to {@code postgresql.log} in the data directory. */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    /**
     * The superuser's password, used by initdb on a new cluster and to connect to an existing one.
     * Default: generated, and kept in the data directory so that a persistent cluster can be
     * reopened.
     */
    public Builder superuserPassword(String superuserPassword) {
      this.superuserPassword = superuserPassword;
      return this;
    }

    /**
     * A {@code postgresql.conf} setting, written verbatim ({@code value} quoted as the file
     * expects, e.g. {@code "'UTC'"}); overrides this class's defaults.
     */
    public Builder serverConfig(String key, String value) {
      serverConfig.put(key, value);
      return this;
    }

    /** A stopped server with these options; call {@link LocalPostgres#start()}. */
    public LocalPostgres build() {
      return new LocalPostgres(this);
    }
  }
}
