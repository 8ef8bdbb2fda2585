package dev.onceflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No package of the dashboard depends, directly or through others, on a package that depends on it:
 * the package graph of the compiled classes, as the JDK's {@code jdeps} reads it from the bytecode
 * (so fully qualified names, static imports and annotations count too), has no cycle.
 */
class PackageCyclesTest {

  private static final String ROOT = "dev.onceflow.dashboard";
  private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+.*$");

  @Test
  void theDashboardsPackagesFormNoCycle() throws Exception {
    Map<String, Set<String>> graph = packageGraph(classes());

    // The graph was read: the packages that obviously depend on others are in it.
    assertThat(graph).containsKeys(ROOT + ".live", ROOT + ".rest", ROOT + ".ingest");
    assertThat(graph.get(ROOT + ".live")).contains(ROOT + ".scrape");
    assertThat(cycles(graph)).as("package cycles in %s", graph).isEmpty();
  }

  @Test
  void aCycleThroughSeveralPackagesIsFound() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c", "d"));
    graph.put("c", Set.of("a"));
    graph.put("d", Set.of());
    graph.put("e", Set.of("e")); // a package's own classes are no cycle

    assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
    assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
  }

  private static Path classes() throws Exception {
    Path location =
        Path.of(
            PackageCyclesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // target/test-classes -> target/classes
    Path classes = location.resolveSibling("classes");
    assertThat(classes.resolve("dev/onceflow/dashboard/DashboardConfig.class"))
        .as("the dashboard's compiled classes")
        .exists();
    return classes;
  }

  /** Package to the dashboard packages it depends on, from {@code jdeps -verbose:package}. */
  static Map<String, Set<String>> packageGraph(Path classes) {
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(() -> new IllegalStateException("jdeps needs a JDK, not a JRE"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "-verbose:package",
            "-e",
            Pattern.quote(ROOT) + "(\\..*)?",
            classes.toString());
    assertThat(exit).as("jdeps: %s", err).isZero();
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().split("\\R")) {
      Matcher edge = EDGE.matcher(line);
      if (edge.matches() && edge.group(1).startsWith(ROOT) && edge.group(2).startsWith(ROOT)) {
        graph.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
        graph.computeIfAbsent(edge.group(2), p -> new TreeSet<>());
      }
    }
    assertThat(Files.isDirectory(classes)).isTrue();
    return graph;
  }

  /**
   * Every cycle of more than one package, each as its packages from the smallest name, each found
   * once (depth-first search, one path per start).
   */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Set<List<String>> found =
        new TreeSet<>((x, y) -> String.join(",", x).compareTo(String.join(",", y)));
    for (String start : new TreeSet<>(graph.keySet())) {
      Deque<String> path = new ArrayDeque<>();
      path.addLast(start);
      walk(graph, start, path, found);
    }
    return new ArrayList<>(found);
  }

  private static void walk(
      Map<String, Set<String>> graph, String start, Deque<String> path, Set<List<String>> found) {
    for (String next : graph.getOrDefault(path.peekLast(), Set.of())) {
      if (next.equals(start) && path.size() > 1) {
        found.add(List.copyOf(path));
      } else if (next.compareTo(start) > 0 && !path.contains(next)) {
        path.addLast(next);
        walk(graph, start, path, found);
        path.removeLast();
      }
    }
  }
}
