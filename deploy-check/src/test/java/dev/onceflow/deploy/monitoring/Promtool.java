package dev.onceflow.deploy.monitoring;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's {@code promtool} ({@code $PROMTOOL}, else the first on the {@code PATH}; Debian's
 * package {@code prometheus} ships it and {@code .ci/run} installs it). Unlike kubectl it is never
 * optional: without it the rule tests fail, since alert rules nobody has evaluated are guesses.
 */
public final class Promtool {

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  /** The binary, or a failed test saying how to install it. */
  public static Promtool require() {
    String configured = System.getenv("PROMTOOL");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (Files.isExecutable(path)) {
        return new Promtool(path);
      }
      fail("$PROMTOOL=" + configured + " is not an executable file");
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return new Promtool(candidate);
      }
    }
    fail(
        "promtool NOT FOUND (looked at $PROMTOOL and PATH): the alert rules cannot be tested."
            + " Install it: apt-get install prometheus (Debian; .ci/run does this), or set"
            + " $PROMTOOL to a promtool binary.");
    throw new AssertionError("unreachable");
  }

  /** The result of one promtool command. */
  public record Result(int exitCode, String output) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** Runs {@code promtool args...} in {@code directory}, at most 120 s. */
  public Result run(Path directory, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in 120 s");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
