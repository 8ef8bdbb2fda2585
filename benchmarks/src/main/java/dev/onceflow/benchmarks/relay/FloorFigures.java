package dev.onceflow.benchmarks.relay;

import dev.onceflow.benchmarks.BenchmarkReport;
import dev.onceflow.benchmarks.Goals;
import dev.onceflow.benchmarks.cost.CostTable;
import dev.onceflow.benchmarks.relay.RelayUnderTest.Drain;
import dev.onceflow.benchmarks.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures of the logical-decoding floor ({@link DecodingFloor}): medians of the rounds, and its
 * PostgreSQL CPU per event against the polling relay's whole cost in the same round.
 */
final class FloorFigures {

  static final String PREFIX = "relay.decoding_floor_";

  private final Map<String, BenchmarkReport.Figure> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param floor the floor's drains, one per round
   * @param polling the polling relay's order-shaped drains of the same rounds, or null without it
   * @param events the backlog of each drain
   */
  FloorFigures(List<Drain> floor, List<Drain> polling, int events) {
    String backlog =
        String.format(Locale.ROOT, "%,d events, %s", events, Backlog.ORDERS.description());
    Summary rate = Summary.of(values(floor, Drain::rate));
    put(
        "events_per_s",
        rate.median(),
        "events/s",
        "logical-decoding floor: the leanest pgoutput client (pg_recvlogical to /dev/null) drains "
            + backlog
            + ", as fast as PostgreSQL decodes for a client that reads each message as it is sent; median of "
            + rate.n()
            + " rounds");
    put(
        "events_per_s_ci_low",
        rate.medianLow(),
        "events/s",
        rate.medianIntervalDescription("lower"));
    put(
        "events_per_s_ci_high",
        rate.medianHigh(),
        "events/s",
        rate.medianIntervalDescription("upper"));
    put(
        "walsender_us_per_event",
        Summary.median(values(floor, FloorFigures::postgres)),
        "µs/event",
        "logical-decoding floor: PostgreSQL's CPU per event (its walsender decoding the backlog with"
            + " pgoutput and sending each message as the eager client takes it, and the cluster's"
            + " background); median");
    put(
        "client_us_per_event",
        Summary.median(values(floor, FloorFigures::client)),
        "µs/event",
        "logical-decoding floor: pg_recvlogical's own CPU per event (reading pgoutput's messages"
            + " and writing them to /dev/null); median");
    if (polling != null && polling.size() == floor.size()) {
      put(
          "to_polling_cpu",
          Summary.median(toPollingCpu(floor, polling)),
          "x",
          "logical-decoding floor's PostgreSQL CPU per event / the polling relay's whole CPU per"
              + " event (relay + PostgreSQL + broker) in the same round, median: above 1, PostgreSQL's"
              + " decoding for the leanest client costs more than polling does in all");
    }
    notes.add(rounds(floor, polling));
    CostTable table = new CostTable();
    floor.forEach(drain -> table.add(drain.cpu(), drain.events()));
    notes.add(
        table.line("CPU, decoding floor, orders backlog", "event")
            + " The walsender exits with its client, so its CPU is under postgres exited.");
  }

  Map<String, BenchmarkReport.Figure> figures() {
    return figures;
  }

  List<String> notes() {
    return notes;
  }

  /** Per round: the floor's PostgreSQL CPU per event over polling's total CPU per event. */
  static List<Double> toPollingCpu(List<Drain> floor, List<Drain> polling) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < floor.size(); i++) {
      Drain pollingDrain = polling.get(i);
      ratios.add(
          postgres(floor.get(i)) / (pollingDrain.cpu().total() * 1000.0 / pollingDrain.events()));
    }
    return ratios;
  }

  private String rounds(List<Drain> floor, List<Drain> polling) {
    StringBuilder note =
        new StringBuilder("Rounds, decoding floor, orders backlog: events/s ")
            .append(format(values(floor, Drain::rate), "%,.0f"))
            .append("; PostgreSQL µs/event ")
            .append(format(values(floor, FloorFigures::postgres), "%.1f"))
            .append("; pg_recvlogical µs/event ")
            .append(format(values(floor, FloorFigures::client), "%.1f"));
    if (figures.containsKey(PREFIX + "to_polling_cpu")) {
      note.append("; / polling's total CPU per event ")
          .append(format(toPollingCpu(floor, polling), "%.2f"));
    }
    return note.append('.').toString();
  }

  /** PostgreSQL's CPU µs per event: every process of the floor's cluster, the walsender's too. */
  private static double postgres(Drain drain) {
    return drain.cpu().millis("postgres") * 1000.0 / drain.events();
  }

  private static double client(Drain drain) {
    return drain.cpu().millis(DecodingFloor.CLIENT) * 1000.0 / drain.events();
  }

  private static List<Double> values(List<Drain> drains, ToDoubleFunction<Drain> measure) {
    return drains.stream().map(measure::applyAsDouble).toList();
  }

  private static List<String> format(List<Double> values, String format) {
    return values.stream().map(v -> String.format(Locale.ROOT, format, v)).toList();
  }

  private void put(String key, double value, String unit, String description) {
    figures.put(PREFIX + key, Goals.figure(PREFIX + key, value, unit, description));
  }
}
