package dev.onceflow.local.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills, when this JVM exits, the child processes that must not outlive it: a test or benchmark
 * that fails half-way leaves no service running on its ports.
 */
public final class ExitReaper {

  private static final Map<Object, Runnable> WATCHED = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> WATCHED.values().forEach(Runnable::run), "onceflow-service-process-reaper"));
  }

  private ExitReaper() {}

  /**
   * Runs {@code destroy} for {@code owner} at this JVM's exit, unless {@link #forget} comes first.
   * It runs in the shutdown hook, without any lock a stuck caller may hold: it must not wait.
   */
  public static void watch(Object owner, Runnable destroy) {
    WATCHED.put(owner, destroy);
  }

  /** {@code owner}'s process has ended (or is someone else's to stop). */
  public static void forget(Object owner) {
    WATCHED.remove(owner);
  }
}
