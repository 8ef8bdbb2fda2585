package dev.onceflow.benchmarks.dashboard;

import dev.onceflow.benchmarks.ResidentMemory;
import dev.onceflow.benchmarks.cost.MachineCpu;
import dev.onceflow.benchmarks.cost.ProcessCpu;
import dev.onceflow.local.ServiceProcess;
import java.time.Duration;

/**
 * What one rate of one round measured while it ran; positions are the events it fed, in commit
 * order ({@link DashboardFeed}).
 *
 * @param round the round it belongs to (from 0)
 * @param rate the events/s asked of the feed
 * @param start {@link System#nanoTime()} when the measured seconds began
 * @param end the same when they ended
 * @param firstPosition the first event fed in them
 * @param lastPosition one past the last
 * @param achieved events committed per second
 * @param cpuMillis the dashboard process's utime + stime over them
 * @param rssMib its highest resident memory, one sample a second
 * @param machineBusyPct every process's CPU on the machine, in % of all its cores
 */
record DashboardStep(
    int round,
    int rate,
    long start,
    long end,
    long firstPosition,
    long lastPosition,
    double achieved,
    long cpuMillis,
    double rssMib,
    double machineBusyPct) {

  private static final ProcessCpu CPU = new ProcessCpu();

  /** The dashboard's CPU in % of one core. */
  double cpuPct() {
    return cpuMillis / ((end - start) / 1e6) * 100;
  }

  /**
   * The dashboard's CPU per event fed in the same seconds, in µs (its fixed per-second work
   * included, which dominates at a low rate); NaN without an event.
   */
  double cpuUsPerEvent() {
    long events = lastPosition - firstPosition;
    return events == 0 ? Double.NaN : cpuMillis * 1000.0 / events;
  }

  /**
   * Measures the dashboard for {@code seconds} while {@code feed} runs at {@code rate}: its CPU
   * over the whole step (from {@code /proc}) and its memory sampled each second.
   */
  static DashboardStep measure(
      ServiceProcess dashboard, DashboardFeed feed, int round, int rate, int seconds) {
    long pid = dashboard.pid();
    long eventsBefore = feed.committed();
    MachineCpu.Reading machineBefore = MachineCpu.read();
    long cpuBefore = cpuMillis(pid);
    long start = System.nanoTime();
    double rss = 0;
    for (int second = 0; second < seconds; second++) {
      DashboardBenchmark.pause(Duration.ofSeconds(1));
      rss = Math.max(rss, ResidentMemory.mib(pid));
    }
    long end = System.nanoTime();
    long cpuAfter = cpuMillis(pid);
    MachineCpu.Reading machineAfter = MachineCpu.read();
    long eventsAfter = feed.committed();
    if (!dashboard.isAlive()) {
      throw new IllegalStateException("the dashboard died:\n" + dashboard.logTail(40));
    }
    DashboardStep step =
        new DashboardStep(
            round,
            rate,
            start,
            end,
            eventsBefore,
            eventsAfter,
            (eventsAfter - eventsBefore) / ((end - start) / 1e9),
            cpuAfter - cpuBefore,
            rss,
            machineAfter.busyPercentSince(machineBefore));
    DashboardBenchmark.log(
        "round %d, %,d events/s: achieved %,.0f/s, dashboard CPU %.1f %% of a core (%.0f µs per"
            + " event), RSS %.0f MiB, machine busy %.0f %%",
        round + 1,
        rate,
        step.achieved(),
        step.cpuPct(),
        step.cpuUsPerEvent(),
        rss,
        step.machineBusyPct());
    return step;
  }

  /** utime + stime of every thread of process {@code pid}, in ms. */
  static long cpuMillis(long pid) {
    return CPU.sample(pid)
        .orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"))
        .ownMillis();
  }
}
