package dev.onceflow.core.inbox.pipeline;

import dev.onceflow.core.inbox.ConsumedEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one transaction did with a batch of events. It is only acted on (metrics, journal, dead
 * letters) once the transaction has committed.
 */
public final class ApplyResult<T> {

  /** Events whose effect the transaction applied, including parked events it released. */
  public final List<ConsumedEvent<T>> applied = new ArrayList<>();

  /** Deliveries skipped because the inbox had already recorded their event id. */
  public final List<ConsumedEvent<T>> duplicates = new ArrayList<>();

  /** Events held back because their aggregate's previous event has not been applied yet. */
  public final List<ConsumedEvent<T>> parked = new ArrayList<>();

  /**
   * Events whose sequence the aggregate has already passed under another event id: never applied,
   * forgotten by the inbox and dead-lettered after the commit.
   */
  public final List<ConsumedEvent<T>> stale = new ArrayList<>();

  /** How a single event ended, for replay. */
  public Outcome outcomeOf(ConsumedEvent<T> event) {
    if (duplicates.contains(event)) {
      return Outcome.DUPLICATE;
    }
    if (parked.contains(event)) {
      return Outcome.PARKED;
    }
    if (stale.contains(event)) {
      return Outcome.STALE;
    }
    return Outcome.APPLIED;
  }

  void merge(ApplyResult<T> other) {
    applied.addAll(other.applied);
    duplicates.addAll(other.duplicates);
    parked.addAll(other.parked);
    stale.addAll(other.stale);
  }

  /** The fate of one event. */
  public enum Outcome {
    APPLIED,
    DUPLICATE,
    PARKED,
    STALE
  }
}
