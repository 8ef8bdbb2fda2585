package dev.onceflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Sends a signal to a process with {@code kill}, which the JDK cannot do for STOP and CONT. */
public final class UnixSignal {

  private UnixSignal() {}

  /**
   * Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to {@code pid}.
   *
   * @throws IllegalStateException if {@code kill} fails (no such process, not permitted)
   */
  public static void send(long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
