package dev.onceflow.relay.standby;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The classes an activation loads (the transactional producer, the Debezium engine, the PostgreSQL
 * connector, Jackson...), listed in {@value #LIST}, loaded ahead of time by a standby while it
 * waits.
 *
 * <p>A cold activation loads about 5,000 classes: on a small machine that is most of a takeover's
 * seconds (takeover benchmark, docs/benchmarks.md). Loading does not initialize a class: no static
 * initializer runs and nothing connects anywhere, so a standby that preloads them behaves exactly
 * as before, it only takes over sooner. A listed class that is not on the class path (a dependency
 * upgrade renamed it) is skipped; regenerate the list as the file's header says.
 */
public final class ActivationClasses {

  /** The list, one binary class name per line, {@code #} comments. */
  static final String LIST = "onceflow-relay/activation-classes.txt";

  private static final Logger LOG = Logger.getLogger(ActivationClasses.class);

  private ActivationClasses() {}

  /** The listed class names. */
  static List<String> names() {
    try (InputStream in = ActivationClasses.class.getClassLoader().getResourceAsStream(LIST)) {
      if (in == null) {
        return List.of();
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Loads {@code names} into {@code loader} without initializing them.
   *
   * @return how many were found
   */
  static int load(ClassLoader loader, List<String> names) {
    int loaded = 0;
    for (String name : names) {
      try {
        Class.forName(name, false, loader);
        loaded++;
      } catch (ClassNotFoundException | LinkageError e) {
        LOG.debugf("Not preloading %s: %s", name, e);
      }
    }
    return loaded;
  }

  /**
   * Loads the listed classes into {@code loader} on a background thread of low priority, then runs
   * {@code afterwards} on that thread.
   */
  public static void preloadInBackground(ClassLoader loader, Runnable afterwards) {
    Thread thread =
        new Thread(
            () -> {
              long start = System.nanoTime();
              List<String> names = names();
              int loaded = load(loader, names);
              LOG.infof(
                  "Preloaded %d of %d activation classes in %d ms, for a faster takeover",
                  loaded, names.size(), (System.nanoTime() - start) / 1_000_000);
              afterwards.run();
            },
            "onceflow-relay-preload");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }
}
