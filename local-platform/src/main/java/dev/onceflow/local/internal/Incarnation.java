package dev.onceflow.local.internal;

import dev.onceflow.local.UnixSignal;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a service process's OS process, from its start to its exit: the service ({@code
 * ServiceProcess}) outlives it, keeping its port, configuration and log across restarts.
 */
public final class Incarnation {

  private final String name;
  private final Process process;

  private Incarnation(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts {@code launch}, its output (stdout and stderr) appended to {@code logFile} and its input
   * empty.
   */
  public static Incarnation start(String name, Launch launch, Path logFile) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(launch.command())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (launch.workingDirectory() != null) {
      Files.createDirectories(launch.workingDirectory());
      builder.directory(launch.workingDirectory().toFile());
    }
    builder.environment().putAll(launch.environment());
    return new Incarnation(name, builder.start());
  }

  /** Whether it runs (a stopped process counts as running). */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Its exit status, once it has ended. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /**
   * Waits up to {@code interval} for the exit.
   *
   * @return whether it has exited
   */
  public boolean exitsWithin(Duration interval) {
    try {
      process.onExit().get(interval.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name, e);
    }
  }

  /** SIGKILL if it runs, without waiting. */
  public void destroyForcibly() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** SIGTERM if it runs, then SIGKILL if it has not exited after {@code grace}. */
  public void terminate(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /**
   * Waits for the exit.
   *
   * @return the exit status
   * @throws IllegalStateException if it has not exited within {@code timeout}
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " did not exit within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name + " to exit", e);
    }
    return process.exitValue();
  }

  /** Sends {@code signal} ({@code STOP}, {@code CONT}) with {@code kill}. */
  public void signal(String signal) {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    UnixSignal.send(process.pid(), signal);
  }

  /** Its threads ({@code jcmd <pid> Thread.print}), or a note if it ended or jcmd fails. */
  public String threadDump() {
    if (!process.isAlive()) {
      return "(" + name + " is not running)";
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process dump =
          new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
              .redirectErrorStream(true)
              .start();
      dump.getOutputStream().close();
      String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!dump.waitFor(30, TimeUnit.SECONDS)) {
        dump.destroyForcibly();
      }
      return output;
    } catch (IOException e) {
      return "(cannot run " + jcmd + ": " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }
}
