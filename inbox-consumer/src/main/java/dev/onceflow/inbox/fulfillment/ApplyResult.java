package dev.onceflow.inbox.fulfillment;

import dev.onceflow.inbox.messaging.DecodedEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one transaction did with a batch of events. It is only acted on (metrics, dead letters) once
 * the transaction has committed.
 */
public final class ApplyResult {

  /** Events whose effect the transaction applied, including parked events it released. */
  public final List<DecodedEvent> applied = new ArrayList<>();

  /** Deliveries skipped because the inbox had already recorded their event id. */
  public final List<DecodedEvent> duplicates = new ArrayList<>();

  /** Events held back because their order's previous event has not been applied yet. */
  public final List<DecodedEvent> parked = new ArrayList<>();

  /**
   * Events whose sequence the order has already passed under another event id: never applied,
   * forgotten by the inbox and dead-lettered after the commit.
   */
  public final List<DecodedEvent> stale = new ArrayList<>();

  /** How a single event ended, for replay. */
  public Outcome outcomeOf(DecodedEvent event) {
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

  /** The fate of one event. */
  public enum Outcome {
    APPLIED,
    DUPLICATE,
    PARKED,
    STALE
  }
}
