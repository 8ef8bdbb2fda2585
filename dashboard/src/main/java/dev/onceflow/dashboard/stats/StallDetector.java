package dev.onceflow.dashboard.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, per pipeline stage, whether the stage has stopped progressing while work for it kept
 * arriving: its output count has not moved for {@code stallAfter} although its input count or its
 * backlog grew since the output last moved.
 *
 * <p>An idle stage (no new input) is never stalled, and neither is one with a constant backlog and
 * no new input: a consumer group's lag includes the transaction markers after the last records, so
 * "lag > 0" alone would be a false alarm. A counter that goes down (its process restarted) starts a
 * new baseline. Time comes from the injected {@link Clock}. Thread safe.
 */
public final class StallDetector {

  /**
   * What a stage looked like at one observation; each value may be {@code null} when unknown (its
   * source was unreachable).
   *
   * @param input monotonic count of work that arrived for the stage
   * @param output monotonic count of work the stage finished
   * @param backlog work waiting for the stage (records, bytes…)
   */
  public record Progress(Double input, Double output, Double backlog) {}

  /** A stage found stalled. */
  public record Stall(String stage, Instant since, Duration stalledFor, String message) {}

  private static final class State {
    Double output;
    Instant outputMovedAt;
    Double inputAtMove;
    Double backlogAtMove;
  }

  private final Clock clock;
  private final Duration stallAfter;
  private final Map<String, State> states = new LinkedHashMap<>();
  private final Map<String, Stall> stalls = new LinkedHashMap<>();

  public StallDetector(Clock clock, Duration stallAfter) {
    this.clock = clock;
    this.stallAfter = stallAfter;
  }

  /**
   * Records an observation of {@code stage} and returns its stall, if it is stalled now. {@code
   * what} names the stage's work in the alert (e.g. "events").
   */
  public synchronized Optional<Stall> observe(String stage, String what, Progress progress) {
    Instant now = clock.instant();
    State state = states.computeIfAbsent(stage, s -> new State());
    boolean restarted =
        state.output != null && progress.output() != null && progress.output() < state.output;
    boolean moved =
        state.outputMovedAt == null
            || restarted
            || (progress.output() != null && !progress.output().equals(state.output));
    if (moved) {
      state.output = progress.output();
      state.outputMovedAt = now;
      state.inputAtMove = progress.input();
      state.backlogAtMove = progress.backlog();
      stalls.remove(stage);
      return Optional.empty();
    }
    if (state.inputAtMove == null && progress.input() != null) {
      state.inputAtMove = progress.input(); // the input's source came back: a new baseline
    }
    if (state.backlogAtMove == null && progress.backlog() != null) {
      state.backlogAtMove = progress.backlog();
    }
    if (progress.input() != null
        && state.inputAtMove != null
        && progress.input() < state.inputAtMove) {
      state.inputAtMove = progress.input(); // the input's process restarted
    }
    Duration still = Duration.between(state.outputMovedAt, now);
    boolean inputGrew =
        progress.input() != null
            && state.inputAtMove != null
            && progress.input() > state.inputAtMove;
    boolean backlogGrew =
        progress.backlog() != null
            && state.backlogAtMove != null
            && progress.backlog() > state.backlogAtMove;
    if (still.compareTo(stallAfter) < 0 || !(inputGrew || backlogGrew)) {
      stalls.remove(stage);
      return Optional.empty();
    }
    StringBuilder message =
        new StringBuilder(stage)
            .append(" has not finished any ")
            .append(what)
            .append(" for ")
            .append(still.toSeconds())
            .append(" s while ");
    if (inputGrew) {
      message
          .append(format(progress.input() - state.inputAtMove))
          .append(" new ")
          .append(what)
          .append(" arrived");
    }
    if (backlogGrew) {
      message
          .append(inputGrew ? " and its backlog grew to " : "its backlog grew to ")
          .append(format(progress.backlog()));
    }
    Stall stall = new Stall(stage, state.outputMovedAt, still, message.toString());
    stalls.put(stage, stall);
    return Optional.of(stall);
  }

  /** The stages stalled as of their last observation. */
  public synchronized List<Stall> stalls() {
    return List.copyOf(stalls.values());
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.1f", value);
  }
}
