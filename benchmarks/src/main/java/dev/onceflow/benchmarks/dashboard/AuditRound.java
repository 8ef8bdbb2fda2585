package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.benchmarks.ResidentMemory;
import dev.onceflow.benchmarks.cost.MachineCpu;
import dev.onceflow.local.ServiceProcess;
import java.time.Duration;
import java.util.Locale;

/**
 * One round of {@link DashboardAuditBenchmark}: the two dashboards, audit on and audit off,
 * measured over the same seconds while they read the same events.
 *
 * @param round the round (from 0)
 * @param seconds how long it measured
 * @param events events fed in those seconds
 * @param onCpuMillis the audit-on dashboard's utime + stime over them
 * @param offCpuMillis the audit-off dashboard's
 * @param onRssMib the audit-on dashboard's highest resident memory, one sample a second
 * @param offRssMib the audit-off dashboard's
 * @param machineBusyPct every process's CPU on the machine, in % of all its cores
 */
record AuditRound(
    int round,
    double seconds,
    long events,
    long onCpuMillis,
    long offCpuMillis,
    double onRssMib,
    double offRssMib,
    double machineBusyPct) {

  /** CPU per event of the audit-on dashboard, in µs (its fixed per-second work included). */
  double onUsPerEvent() {
    return onCpuMillis * 1000.0 / events;
  }

  /** The same of the audit-off dashboard. */
  double offUsPerEvent() {
    return offCpuMillis * 1000.0 / events;
  }

  /** What the audit added to the CPU per event, in µs: on minus off, same seconds, same events. */
  double addedUsPerEvent() {
    return (onCpuMillis - offCpuMillis) * 1000.0 / events;
  }

  /** What the audit added to the resident memory, in MiB. */
  double addedRssMib() {
    return onRssMib - offRssMib;
  }

  /** Measures both dashboards for {@code seconds} while {@code feed} runs. */
  static AuditRound measure(
      ServiceProcess on, ServiceProcess off, DashboardFeed feed, int round, int seconds) {
    long eventsBefore = feed.committed();
    MachineCpu.Reading machineBefore = MachineCpu.read();
    long onBefore = DashboardStep.cpuMillis(on.pid());
    long offBefore = DashboardStep.cpuMillis(off.pid());
    long start = System.nanoTime();
    double onRss = 0;
    double offRss = 0;
    for (int second = 0; second < seconds; second++) {
      DashboardBenchmark.pause(Duration.ofSeconds(1));
      onRss = Math.max(onRss, ResidentMemory.mib(on.pid()));
      offRss = Math.max(offRss, ResidentMemory.mib(off.pid()));
    }
    long onAfter = DashboardStep.cpuMillis(on.pid());
    long offAfter = DashboardStep.cpuMillis(off.pid());
    long end = System.nanoTime();
    MachineCpu.Reading machineAfter = MachineCpu.read();
    long events = feed.committed() - eventsBefore;
    for (ServiceProcess dashboard : new ServiceProcess[] {on, off}) {
      if (!dashboard.isAlive()) {
        throw new IllegalStateException(dashboard.name() + " died:\n" + dashboard.logTail(40));
      }
    }
    if (events == 0) {
      throw new IllegalStateException("the feed committed no event in round " + (round + 1));
    }
    AuditRound measured =
        new AuditRound(
            round,
            (end - start) / 1e9,
            events,
            onAfter - onBefore,
            offAfter - offBefore,
            onRss,
            offRss,
            machineAfter.busyPercentSince(machineBefore));
    DashboardAuditBenchmark.log("%s", measured.line());
    return measured;
  }

  /** The round in one line, as the notes list it. */
  String line() {
    return String.format(
        Locale.ROOT,
        "r%d: %,d events in %.1f s; audit on %.1f µs/event, RSS %.0f MiB; audit off %.1f"
            + " µs/event, RSS %.0f MiB; added %.1f µs/event, %+.0f MiB; machine busy %.0f %%",
        round + 1,
        events,
        seconds,
        onUsPerEvent(),
        onRssMib,
        offUsPerEvent(),
        offRssMib,
        addedUsPerEvent(),
        addedRssMib(),
        machineBusyPct);
  }
}
