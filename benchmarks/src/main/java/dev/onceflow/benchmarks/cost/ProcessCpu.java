package dev.onceflow.benchmarks.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of processes, read from Linux's {@code /proc/<pid>/stat}: user + system time of the
 * process (all its threads), and separately of its children that exited and were reaped ({@code
 * cutime + cstime}). Reading the counters costs a file read, not a sampler: the figures are exact
 * to a clock tick (10 ms) over any interval, whatever the process does in between.
 */
public final class ProcessCpu {

  /** Linux's {@code USER_HZ}, fixed at 100 on every architecture the kernel exports it for. */
  static final long TICKS_PER_SECOND = 100;

  private final Path proc;

  /** The reader of this machine's {@code /proc}. */
  public ProcessCpu() {
    this(Path.of("/proc"));
  }

  /** A reader of a {@code /proc}-shaped directory (tests give it fixtures). */
  ProcessCpu(Path proc) {
    this.proc = proc;
  }

  /**
   * One process's counters.
   *
   * @param pid the process id
   * @param parent its parent's id
   * @param ownMillis user + system CPU of the process itself, in ms
   * @param reapedChildrenMillis user + system CPU of its children that exited and were waited for,
   *     in ms
   */
  public record Sample(long pid, long parent, long ownMillis, long reapedChildrenMillis) {}

  /** The counters of {@code pid}, or empty if it is gone. */
  public Optional<Sample> sample(long pid) {
    return read(proc.resolve(Long.toString(pid)).resolve("stat")).map(ProcessCpu::parse);
  }

  /**
   * The command line of {@code pid} as {@code ps} shows it (arguments joined by spaces), or empty
   * if it is gone. PostgreSQL rewrites its own: {@code postgres: walsender ...}, {@code postgres:
   * checkpointer}, {@code postgres: <user> <database> <client> <state>}.
   */
  public Optional<String> title(long pid) {
    return read(proc.resolve(Long.toString(pid)).resolve("cmdline"))
        .map(text -> text.replace('\0', ' ').trim());
  }

  /** The live children of {@code parent}, by pid. */
  public Map<Long, Sample> children(long parent) {
    Map<Long, Sample> children = new LinkedHashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path entry : entries) {
        read(entry.resolve("stat"))
            .map(ProcessCpu::parse)
            .filter(sample -> sample.parent() == parent)
            .ifPresent(sample -> children.put(sample.pid(), sample));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + proc, e);
    }
    return children;
  }

  /**
   * Parses one {@code stat} line. The command name (field 2) is in parentheses and may itself hold
   * spaces and parentheses, so the fields are counted from the last {@code ')'}.
   */
  static Sample parse(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
    }
    long pid = Long.parseLong(stat.substring(0, open).trim());
    // After ") ": field 3 (state) is index 0, so field n is index n - 3.
    String[] fields = stat.substring(close + 2).trim().split(" +");
    long parent = Long.parseLong(fields[4 - 3]);
    long utime = Long.parseLong(fields[14 - 3]);
    long stime = Long.parseLong(fields[15 - 3]);
    long cutime = Long.parseLong(fields[16 - 3]);
    long cstime = Long.parseLong(fields[17 - 3]);
    return new Sample(pid, parent, millis(utime + stime), millis(cutime + cstime));
  }

  private static long millis(long ticks) {
    return ticks * 1000 / TICKS_PER_SECOND;
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A process that exits while being read makes its files unreadable (ESRCH): gone, too.
      return Optional.empty();
    }
  }
}
