package dev.onceflow.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PostgreSQL cluster directory ({@code pgdata/}) and the postmaster run on it with {@code
 * pg_ctl}: initialization, configuration, start, stop and the watchdog that stops an orphaned
 * server. What the server is for (its settings, roles, databases) is {@code LocalPostgres}'s.
 */
public final class PostgresCluster {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  private final PostgresBinaries binaries = PostgresBinaries.get();
  private final Path directory;
  private Process watchdog;

  /** The cluster in {@code directory}, which may not exist yet. */
  public PostgresCluster(Path directory) {
    this.directory = directory;
  }

  /** Whether initdb has run in the directory. */
  public boolean initialized() {
    return Files.exists(directory.resolve("PG_VERSION"));
  }

  /**
   * Runs initdb: superuser {@code superuser} with {@code password} (passed in a file of mode 600,
   * never on the command line), scram-sha-256 for every connection, UTF-8, locale C.
   */
  public void initdb(String superuser, String password) {
    Path passwordFile = directory.resolveSibling("initdb-password.tmp");
    try {
      Files.createDirectories(directory.getParent());
      Files.deleteIfExists(passwordFile);
      Files.createFile(
          passwordFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
      run(
          "initdb",
          List.of(
              "-D",
              directory.toString(),
              "-U",
              superuser,
              "--pwfile=" + passwordFile,
              "--auth-host=scram-sha-256",
              "--auth-local=scram-sha-256",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-instructions",
              // Skipping initdb's final fsync saves ~2 s per cluster; only an OS crash in the next
              // seconds could hurt a brand-new cluster. The server itself runs with fsync on.
              "--no-sync"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot initialize " + directory, e);
    } finally {
      try {
        Files.deleteIfExists(passwordFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + passwordFile, e);
      }
    }
  }

  /**
   * Settings live in {@code onceflow.conf}, included by {@code postgresql.conf} and rewritten on
   * each start: a human running {@code pg_ctl start} by hand gets the same server, and no shell
   * quoting is involved.
   */
  public void configure(Map<String, String> settings) {
    StringBuilder text =
        new StringBuilder("# Written by dev.onceflow.local.LocalPostgres on every start.\n");
    settings.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
    try {
      Files.writeString(directory.resolve("onceflow.conf"), text, StandardCharsets.UTF_8);
      Path main = directory.resolve("postgresql.conf");
      String include = "include_if_exists = 'onceflow.conf'";
      if (!Files.readString(main, StandardCharsets.UTF_8).contains(include)) {
        Files.writeString(
            main,
            Files.readString(main, StandardCharsets.UTF_8) + "\n" + include + "\n",
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the server configuration", e);
    }
  }

  /**
   * Starts the server, logging to {@code logFile}, and waits until it accepts connections; a server
   * left running on this directory by a killed JVM is stopped first. The watchdog deletes {@code
   * deleteWhenOrphaned} too, if given, once it stopped an orphaned server.
   */
  public synchronized void start(Path logFile, Optional<Path> deleteWhenOrphaned) {
    if (postmasterAlive()) {
      System.err.printf(
          "LocalPostgres: stopping the server (pid %d) left running on %s%n",
          postmasterPid().getAsLong(), directory);
      stop("fast");
    }
    pgCtl("start", "-w", "-t", "60", "-l", logFile.toString());
    watchdog = startWatchdog(deleteWhenOrphaned);
  }

  /**
   * Stops the server in {@code mode} ({@code fast}, or {@code immediate} for a crash). pg_ctl
   * returns once the pid file is gone, a moment before the postmaster process has exited: waiting
   * for the process too keeps a quick restart from racing the dying server.
   */
  public synchronized void stop(String mode) {
    stopWatchdog();
    Optional<ProcessHandle> postmaster =
        postmasterPid().stream().boxed().findFirst().flatMap(ProcessHandle::of);
    pgCtl("stop", "-m", mode, "-w", "-t", "60");
    postmaster.ifPresent(
        process -> {
          try {
            process.onExit().get(60, TimeUnit.SECONDS);
          } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("postmaster " + process.pid() + " did not exit", e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the postmaster to exit", e);
          }
        });
  }

  /** The process id of the running postmaster, read from {@code postmaster.pid}. */
  public OptionalLong postmasterPid() {
    Path pidFile = directory.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0)));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Whether a postmaster runs on this directory, whoever started it. */
  public boolean postmasterAlive() {
    OptionalLong pid = postmasterPid();
    return pid.isPresent()
        && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * The server is not a child of this JVM (pg_ctl detaches it), so nothing would stop it if the JVM
   * died without running its shutdown hooks (kill -9, a test run cut short). This small shell waits
   * for end-of-file on a pipe only this JVM holds, then stops the server and, when asked, deletes a
   * directory.
   */
  private Process startWatchdog(Optional<Path> deleteWhenOrphaned) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "while read -r _; do :; done; \"$@\" >/dev/null 2>&1;"
                    + " if [ -n \"$ONCEFLOW_TEMPORARY\" ]; then rm -rf \"$ONCEFLOW_TEMPORARY\"; fi",
                "onceflow-postgres-watchdog"));
    command.addAll(
        binaries.command(
            "pg_ctl", List.of("stop", "-D", directory.toString(), "-m", "fast", "-w")));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("ONCEFLOW_TEMPORARY");
    deleteWhenOrphaned.ifPresent(
        path -> builder.environment().put("ONCEFLOW_TEMPORARY", path.toString()));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the PostgreSQL watchdog", e);
    }
  }

  /** SIGKILL through the handle: {@code Process.destroy} would first close the pipe, waking it. */
  private void stopWatchdog() {
    Process stopping = watchdog;
    watchdog = null;
    if (stopping == null) {
      return;
    }
    stopping.toHandle().destroyForcibly();
    try {
      stopping.onExit().get(30, TimeUnit.SECONDS);
      stopping.getOutputStream().close();
    } catch (ExecutionException | TimeoutException | IOException e) {
      throw new IllegalStateException("cannot stop the PostgreSQL watchdog", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted stopping the PostgreSQL watchdog", e);
    }
  }

  private void pgCtl(String action, String... options) {
    List<String> args = new ArrayList<>(List.of(action, "-D", directory.toString()));
    args.addAll(List.of(options));
    run("pg_ctl", args);
  }

  private void run(String tool, List<String> args) {
    Commands.run(binaries.command(tool, args), COMMAND_TIMEOUT);
  }
}
