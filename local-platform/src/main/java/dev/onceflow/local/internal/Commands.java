package dev.onceflow.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short-lived external commands and fails with their output. */
public final class Commands {

  private Commands() {}

  /**
   * Runs {@code command} to completion and returns its combined output; fails on a non-zero exit.
   */
  public static String run(List<String> command, Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
    try {
      process.getOutputStream().close();
      // Read before waiting: a command that fills the pipe would otherwise never exit.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out after " + timeout + ": " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "exit code " + process.exitValue() + " from " + command + ":\n" + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
