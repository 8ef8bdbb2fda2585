package dev.onceflow.dashboard.system;

import dev.onceflow.local.PlatformService;
import dev.onceflow.local.PlatformTopology;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./onceflow up} run as a user runs it: a real process on free ports with its own state
 * directory, its output captured, stopped with SIGINT (Ctrl-C).
 */
final class Launcher implements AutoCloseable {

  /** Every service the launcher starts: the platform's topology. */
  static final List<String> SERVICES =
      PlatformTopology.ONCEFLOW.services().stream().map(PlatformService::name).toList();

  private static final Pattern URL_LINE = Pattern.compile("^([a-z-]+): (http://\\S+)$");

  final Path root;
  final Path state;
  final Map<String, Integer> ports = new LinkedHashMap<>();
  final Map<String, String> urls = new ConcurrentHashMap<>();
  final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private final Set<Long> seenPids = ConcurrentHashMap.newKeySet();
  private Process process;

  Launcher(Path root, Path state) {
    this.root = root;
    this.state = state;
  }

  Launcher start(String... args) throws IOException {
    Files.createDirectories(state);
    // Ctrl-C in a terminal reaches a shell whose SIGINT has its default action. A test JVM started
    // in the background (a CI runner, `cmd &` in a script) may have inherited SIGINT ignored and
    // passes that on, and a shell cannot trap a signal ignored on entry: restore the default.
    List<String> command =
        new ArrayList<>(
            List.of(
                "env", "--default-signal=INT", "bash", root.resolve("onceflow").toString(), "up"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("ONCEFLOW_STATE_DIR", state.toString());
    env.put("ONCEFLOW_PG_PORT", Integer.toString(port("postgres")));
    env.put("ONCEFLOW_KAFKA_PORT", Integer.toString(port("kafka")));
    for (PlatformService service : PlatformTopology.ONCEFLOW.services()) {
      env.put(service.portVariable(), Integer.toString(port(service.name())));
    }
    process = builder.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  System.out.println("[onceflow] " + line);
                  output.add(line);
                  Matcher url = URL_LINE.matcher(line);
                  if (url.matches()) {
                    urls.put(url.group(1), url.group(2));
                  }
                }
              } catch (IOException e) {
                output.add("(output closed: " + e + ")");
              }
            },
            "onceflow-launcher-output");
    reader.setDaemon(true);
    reader.start();
    return this;
  }

  private int port(String name) {
    return ports.computeIfAbsent(name, n -> freePort());
  }

  boolean ready() {
    rememberDescendants();
    return output.contains("READY");
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The processes the launcher started, as far as they were seen while it ran. */
  Set<Long> descendants() {
    rememberDescendants();
    return Set.copyOf(seenPids);
  }

  private void rememberDescendants() {
    if (process != null && process.isAlive()) {
      process.descendants().forEach(p -> seenPids.add(p.pid()));
    }
  }

  String secret(String variable) throws IOException {
    for (String line : Files.readAllLines(state.resolve("secrets.env"))) {
      if (line.startsWith(variable + "=")) {
        return line.substring(variable.length() + 1);
      }
    }
    throw new IllegalStateException(variable + " not in " + state.resolve("secrets.env"));
  }

  /** Ctrl-C: SIGINT to the launcher; its exit code. */
  int interrupt(Duration timeout) throws IOException, InterruptedException {
    rememberDescendants();
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the launcher did not stop within " + timeout + " after SIGINT");
    }
    return process.exitValue();
  }

  /** Processes still alive that belong to this run: started by it, or naming its state dir. */
  List<String> leftovers() throws IOException {
    List<String> left = new ArrayList<>();
    for (long pid : seenPids) {
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .ifPresent(p -> left.add(pid + " " + p.info().commandLine().orElse("?")));
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmdline =
              new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
          if (cmdline.contains(state.toString())
              && !left.contains(proc.getFileName() + " " + cmdline)) {
            left.add(proc.getFileName() + " " + cmdline);
          }
        } catch (IOException | UncheckedIOException gone) {
          // the process ended while we looked
        }
      }
    }
    return left;
  }

  /**
   * Stops what is still running even when the launcher does not react, so nothing outlives a run.
   */
  @Override
  public void close() throws Exception {
    try {
      if (process != null && process.isAlive()) {
        interrupt(Duration.ofSeconds(60));
      }
    } finally {
      rememberDescendants();
      for (long pid : seenPids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      if (process != null) {
        process.destroyForcibly();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
