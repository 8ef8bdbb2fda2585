package dev.onceflow.systemtest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What was injected, when, and how long the pipeline took to recover; and unplanned exits. */
final class FaultLog {

  /**
   * One injected fault: seconds since the load started, and until end-to-end progress resumed.
   *
   * @param takeoverSeconds for a frozen relay, from SIGSTOP until another instance was active; NaN
   *     otherwise
   * @param outageSeconds for a consumer database outage, how long the database was down; NaN
   *     otherwise
   * @param outcome what became of the fault's target, e.g. the frozen relay once resumed; empty if
   *     nothing to say
   */
  record Fault(
      FaultKind kind,
      String target,
      double atSeconds,
      double recoverySeconds,
      double takeoverSeconds,
      double outageSeconds,
      String outcome) {}

  /** A service that exited by itself and was restarted, e.g. a relay fenced by its successor. */
  record SelfExit(String service, int exitStatus) {}

  private final List<Fault> faults = new ArrayList<>();
  private final List<SelfExit> selfExits = new ArrayList<>();

  synchronized void injected(FaultKind kind, String target, double atSeconds) {
    faults.add(new Fault(kind, target, atSeconds, Double.NaN, Double.NaN, Double.NaN, ""));
  }

  /**
   * What the last fault's injection observed: a takeover time, an outage's length and the target's
   * outcome.
   */
  synchronized void observed(double takeoverSeconds, double outageSeconds, String outcome) {
    if (!faults.isEmpty()) {
      Fault last = faults.remove(faults.size() - 1);
      faults.add(
          new Fault(
              last.kind(),
              last.target(),
              last.atSeconds(),
              last.recoverySeconds(),
              takeoverSeconds,
              outageSeconds,
              outcome));
    }
  }

  /** The last fault's recovery time. */
  synchronized void recovered(double recoverySeconds) {
    if (!faults.isEmpty()) {
      Fault last = faults.remove(faults.size() - 1);
      faults.add(
          new Fault(
              last.kind(),
              last.target(),
              last.atSeconds(),
              recoverySeconds,
              last.takeoverSeconds(),
              last.outageSeconds(),
              last.outcome()));
    }
  }

  synchronized void selfExit(String service, int exitStatus) {
    selfExits.add(new SelfExit(service, exitStatus));
  }

  synchronized int total() {
    return faults.size();
  }

  /** Count per kind, every kind present. */
  synchronized Map<FaultKind, Integer> byKind() {
    Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      counts.put(kind, 0);
    }
    faults.forEach(fault -> counts.merge(fault.kind(), 1, Integer::sum));
    return counts;
  }

  synchronized List<Fault> faults() {
    return List.copyOf(faults);
  }

  synchronized List<SelfExit> selfExits() {
    return List.copyOf(selfExits);
  }

  /** Self-exits per service and status, e.g. {@code outbox-relay-2 (status 3)} → 1. */
  synchronized Map<String, Integer> selfExitCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    selfExits.forEach(
        exit ->
            counts.merge(exit.service() + " (status " + exit.exitStatus() + ")", 1, Integer::sum));
    return counts;
  }

  /** The measured takeover times, in injection order. */
  synchronized List<Double> takeovers() {
    return faults.stream()
        .map(Fault::takeoverSeconds)
        .filter(seconds -> !Double.isNaN(seconds))
        .toList();
  }

  /** The measured outage lengths, in injection order. */
  synchronized List<Double> outages() {
    return faults.stream()
        .map(Fault::outageSeconds)
        .filter(seconds -> !Double.isNaN(seconds))
        .toList();
  }

  /** The outcomes of the faults of {@code kind} that noted one, in injection order. */
  synchronized List<String> outcomes(FaultKind kind) {
    return faults.stream()
        .filter(fault -> fault.kind() == kind && !fault.outcome().isEmpty())
        .map(Fault::outcome)
        .toList();
  }

  /** The slowest recovery, in seconds. */
  synchronized double slowestRecovery() {
    return faults.stream()
        .mapToDouble(Fault::recoverySeconds)
        .filter(d -> !Double.isNaN(d))
        .max()
        .orElse(0);
  }
}
