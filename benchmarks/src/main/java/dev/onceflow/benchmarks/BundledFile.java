package dev.onceflow.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file shipped on the benchmarks' class path: a pgbench or wrk script, a migration, the report's
 * Method section.
 */
public final class BundledFile {

  private BundledFile() {}

  /** The text of {@code name}. */
  public static String text(String name) {
    try (InputStream in = BundledFile.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code name} copied to a new temporary file, for a tool that reads files; caller deletes. */
  public static Path copy(String name, String suffix) {
    try {
      Path file = Files.createTempFile("onceflow-bench-", suffix);
      Files.writeString(file, text(name), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
