package dev.onceflow.local.launcher;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./onceflow down}: stops a platform started by {@code up} in another terminal (SIGTERM to
 * the launcher, which stops everything in order), or, when the launcher was killed, what it left
 * running. Pid files of processes already gone are removed without a word.
 */
@Command(name = "down", description = "stop a platform started by `up` (from another terminal)")
final class DownCommand implements Callable<Integer> {

  @ParentCommand Onceflow onceflow;

  @Override
  public Integer call() {
    Workspace workspace = onceflow.workspace();
    Console console = onceflow.console();
    PidFiles pids = new PidFiles(workspace);
    Optional<ProcessHandle> launcher = pids.live(PidFiles.LAUNCHER);
    if (launcher.isPresent()) {
      launcher.get().destroy();
      launcher.get().onExit().join();
      console.line("stopped");
      return 0;
    }
    boolean anything = !pids.names().isEmpty();
    pids.stopLeftovers(console);
    pids.remove(PidFiles.LAUNCHER);
    console.line(anything ? "stopped" : "nothing running");
    return 0;
  }
}
