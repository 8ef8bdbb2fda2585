package dev.onceflow.local.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * The log file of a service process, appended to by every incarnation after a header line per
 * start; readiness by a printed line reads only the output of the current incarnation.
 */
public final class ServiceLog {

  private final Path file;
  private long offsetAtStart;

  /** The log in {@code file} (made absolute); the file may not exist yet. */
  public ServiceLog(Path file) {
    this.file = file.toAbsolutePath();
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  /**
   * Appends the header line of start number {@code start} of {@code name} and marks where that
   * incarnation's output begins.
   */
  public void beginStart(String name, int start) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        String.format("%n==== %s: start #%d at %s ====%n", name, start, Instant.now().toString()),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    offsetAtStart = Files.size(file);
  }

  /** What the current incarnation printed so far; empty if the log cannot be read. */
  public String sinceStart() {
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      long length = log.length();
      if (length <= offsetAtStart) {
        return "";
      }
      byte[] bytes = new byte[(int) (length - offsetAtStart)];
      log.seek(offsetAtStart);
      log.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last {@code lines} lines, or a note saying why there are none. */
  public String tail(int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no log yet)";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
