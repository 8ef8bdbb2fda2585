package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.DashboardConfig;

/** The time bounds every aggregate of the live view shares. */
final class Rings {

  /** Seconds kept by each per-second ring (rates and latencies). */
  static final int SECONDS = 120;

  private Rings() {}

  /** The sliding window of the headline rates and percentiles, in whole seconds (at least 1). */
  static int headlineSeconds(DashboardConfig config) {
    return (int) Math.max(1, config.window().headline().toSeconds());
  }
}
