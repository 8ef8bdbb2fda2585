package dev.onceflow.local.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pid files in {@code run/}: {@code launcher.pid} for a running {@code up}, {@code <name>.pid}
 * for each process it started, so that {@code down} (another terminal) and the next {@code up} find
 * what a killed launcher left behind. A pid counts only while its process's command line names this
 * checkout or state directory, in case the pid was reused.
 */
final class PidFiles {

  static final String LAUNCHER = "launcher";
  static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

  private final Workspace workspace;

  PidFiles(Workspace workspace) {
    this.workspace = workspace;
  }

  void write(String name, long pid) {
    try {
      Files.createDirectories(workspace.run());
      Files.writeString(file(name), pid + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void remove(String name) {
    try {
      Files.deleteIfExists(file(name));
    } catch (IOException e) {
      // a pid file that stays is checked against the process's command line next time
    }
  }

  /** The live process of {@code name}'s pid file, if it is one of this platform's. */
  Optional<ProcessHandle> live(String name) {
    try {
      long pid = Long.parseLong(Files.readString(file(name)).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::ours);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The names with a pid file other than the launcher's: services first, Kafka, PostgreSQL last.
   */
  List<String> names() {
    List<String> services = new ArrayList<>();
    if (Files.isDirectory(workspace.run())) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(workspace.run(), "*.pid")) {
        for (Path file : files) {
          String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
          if (!List.of(LAUNCHER, UpCommand.KAFKA, UpCommand.POSTGRES).contains(name)) {
            services.add(name);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    services.sort(null);
    List<String> names = new ArrayList<>(services);
    for (String server : List.of(UpCommand.KAFKA, UpCommand.POSTGRES)) {
      if (Files.exists(file(server))) {
        names.add(server);
      }
    }
    return names;
  }

  /**
   * Stops what a launcher that was killed left running, in order; a pid file whose process is gone
   * is removed without a word. Returns how many processes were stopped.
   */
  int stopLeftovers(Console console) {
    int stopped = 0;
    for (String name : names()) {
      Optional<ProcessHandle> process = live(name);
      if (process.isPresent()) {
        console.line(
            "stopping "
                + name
                + " (pid "
                + process.get().pid()
                + ") left over from an earlier run");
        if (!stop(process.get(), STOP_PATIENCE)) {
          console.line(name + " did not stop within 30 s: killed");
        }
        stopped++;
      }
      remove(name);
    }
    return stopped;
  }

  /**
   * SIGTERM, then SIGKILL after {@code patience}; the process's descendants, as they were before
   * the signal, are killed too if they outlive it.
   *
   * @return whether it stopped within {@code patience} (false: it was killed)
   */
  static boolean stop(ProcessHandle process, Duration patience) {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    boolean stopped = true;
    try {
      process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception notYet) {
      stopped = false;
      process.destroyForcibly();
      process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    return stopped;
  }

  private boolean ours(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      String command =
          new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
      return command.contains(workspace.root().toString())
          || command.contains(workspace.state().toString());
    } catch (IOException e) {
      return process
          .info()
          .commandLine()
          .map(c -> c.contains(workspace.root().toString()))
          .orElse(false);
    }
  }

  private Path file(String name) {
    return workspace.run().resolve(name + ".pid");
  }
}
