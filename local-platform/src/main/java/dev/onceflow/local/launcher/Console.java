package dev.onceflow.local.launcher;

import java.io.PrintStream;

/**
 * The launcher's progress lines. Plain text, no escape codes. A vanished reader (a closed terminal,
 * {@code | head}) must not cut a shutdown short: {@link PrintStream} swallows the write error and
 * the JVM ignores SIGPIPE, so a line that cannot be written is simply lost.
 */
final class Console {

  private final PrintStream out;
  private final PrintStream err;
  private final long start = System.nanoTime();

  Console(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static Console system() {
    return new Console(System.out, System.err);
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** {@code onceflow: <text>} on standard error. */
  void error(String text) {
    err.println("onceflow: " + text);
    err.flush();
  }

  /** Seconds since the launcher started, as {@code 12s}. */
  String elapsed() {
    return (System.nanoTime() - start) / 1_000_000_000L + "s";
  }
}
