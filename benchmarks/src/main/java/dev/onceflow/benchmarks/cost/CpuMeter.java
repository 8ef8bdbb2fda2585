package dev.onceflow.benchmarks.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time spent by each process taking part in a measurement, over an interval: {@link #read()}
 * before, {@link #since(Reading)} after. A participant is one process (a service, the broker), a
 * process tree (PostgreSQL: the postmaster and its children, split by role), or the children this
 * JVM ran and waited for (a load generator such as {@code pgbench} or {@code wrk}).
 *
 * <p>Processes that exit inside the interval are not lost: their parent accumulates their time when
 * it reaps them, so a tree's total is exact; only their role is unknown ({@code exited}).
 */
public final class CpuMeter {

  private final ProcessCpu cpu;
  private final List<Participant> participants;

  private CpuMeter(ProcessCpu cpu, List<Participant> participants) {
    this.cpu = cpu;
    this.participants = List.copyOf(participants);
  }

  /** A meter of these participants, read from this machine's {@code /proc}. */
  public static CpuMeter of(List<Participant> participants) {
    return new CpuMeter(new ProcessCpu(), participants);
  }

  /** A meter reading {@code cpu} (tests). */
  static CpuMeter of(ProcessCpu cpu, List<Participant> participants) {
    return new CpuMeter(cpu, participants);
  }

  /** One process, under {@code name}. */
  public static Participant process(String name, long pid) {
    return new Participant(name, pid, Kind.PROCESS);
  }

  /**
   * PostgreSQL: the postmaster {@code pid} and its children, split into {@code <name> backends},
   * {@code walsender}, {@code background} (checkpointer, writers, autovacuum, the postmaster) and
   * {@code exited} by the title each child gives itself.
   */
  public static Participant postgres(String name, long postmasterPid) {
    return new Participant(name, postmasterPid, Kind.POSTGRES);
  }

  /** The children this JVM started and waited for in the interval, under {@code name}. */
  public static Participant reapedChildren(String name) {
    return new Participant(name, ProcessHandle.current().pid(), Kind.REAPED_CHILDREN);
  }

  /** A process, a tree or a set of reaped children, named as the cost table shows it. */
  public record Participant(String name, long pid, Kind kind) {}

  /** How a participant's processes are found. */
  public enum Kind {
    PROCESS,
    POSTGRES,
    REAPED_CHILDREN
  }

  /** The counters at one instant. */
  public record Reading(List<Map<Long, Counted>> byParticipant) {}

  /** One process's counted CPU and the label it is reported under. */
  record Counted(String label, long millis) {}

  /** The counters now. */
  public Reading read() {
    List<Map<Long, Counted>> readings = new ArrayList<>();
    for (Participant participant : participants) {
      readings.add(read(participant));
    }
    return new Reading(readings);
  }

  /** CPU ms per label since {@code before}, in the participants' order. */
  public CpuCost since(Reading before) {
    Reading after = read();
    Map<String, Long> millis = new LinkedHashMap<>();
    for (int i = 0; i < participants.size(); i++) {
      Participant participant = participants.get(i);
      Map<Long, Counted> start = before.byParticipant().get(i);
      Map<Long, Counted> end = after.byParticipant().get(i);
      for (Map.Entry<Long, Counted> entry : end.entrySet()) {
        Counted previous = start.get(entry.getKey());
        long delta = entry.getValue().millis() - (previous == null ? 0 : previous.millis());
        millis.merge(entry.getValue().label(), delta, Long::sum);
      }
      // A child that exited in the interval: its parent reaped its whole life's time, of which
      // the part before the interval was counted at the start.
      start.forEach(
          (pid, counted) -> {
            if (!end.containsKey(pid)) {
              millis.merge(participant.name() + " exited", -counted.millis(), Long::sum);
            }
          });
    }
    return new CpuCost(millis);
  }

  private Map<Long, Counted> read(Participant participant) {
    Map<Long, Counted> counted = new LinkedHashMap<>();
    Optional<ProcessCpu.Sample> root = cpu.sample(participant.pid());
    if (root.isEmpty()) {
      throw new IllegalStateException(
          participant.name() + " (pid " + participant.pid() + ") is not running");
    }
    switch (participant.kind()) {
      case PROCESS ->
          counted.put(participant.pid(), new Counted(participant.name(), root.get().ownMillis()));
      case REAPED_CHILDREN ->
          counted.put(
              participant.pid(),
              new Counted(participant.name(), root.get().reapedChildrenMillis()));
      case POSTGRES -> {
        counted.put(
            participant.pid(),
            new Counted(participant.name() + " background", root.get().ownMillis()));
        // Children the postmaster reaped, under a key no process has.
        counted.put(
            -participant.pid(),
            new Counted(participant.name() + " exited", root.get().reapedChildrenMillis()));
        cpu.children(participant.pid())
            .forEach(
                (pid, sample) ->
                    counted.put(
                        pid,
                        new Counted(
                            participant.name()
                                + " "
                                + PostgresRole.of(cpu.title(pid).orElse("")).label(),
                            sample.ownMillis())));
      }
    }
    return counted;
  }
}
