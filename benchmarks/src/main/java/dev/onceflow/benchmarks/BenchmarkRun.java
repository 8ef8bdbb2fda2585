package dev.onceflow.benchmarks;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * One run of a benchmark: the machine's facts and the start instant, taken when it begins, and
 * recorded with the run's figures and notes in {@code docs/benchmarks.json} and {@code .md} when it
 * ends.
 */
public final class BenchmarkRun {

  private final Map<String, Object> machine = MachineFacts.collect();
  private final String measuredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

  private BenchmarkRun() {}

  /** Begins a run now. */
  public static BenchmarkRun begin() {
    return new BenchmarkRun();
  }

  /**
   * Ends the run: records run {@code name} and its figures in {@code docs}.
   *
   * @param arguments the benchmark's arguments that reproduce it, after {@code ./onceflow bench}
   * @param setup which processes ran where
   */
  public void record(
      Path docs,
      String name,
      String arguments,
      String setup,
      List<String> notes,
      Map<String, BenchmarkReport.Figure> figures) {
    machine.put("load_average_at_end", MachineFacts.loadAverage());
    machine.put("setup", setup);
    new BenchmarkReport(docs)
        .record(
            name,
            new BenchmarkReport.Run(BenchmarkReport.command(arguments), measuredAt, machine, notes),
            figures);
    System.out.printf("[%s] figures written to %s%n", name, docs.resolve("benchmarks.md"));
  }
}
