package dev.onceflow.core.inbox.fault;

/**
 * The order has already applied an event with this sequence under another event id: applying this
 * one would be a second effect for one position in the order's history.
 */
public class SequenceAlreadyApplied extends RejectedEvent {

  public static final String REASON = "sequence-already-applied";

  public SequenceAlreadyApplied(String message) {
    super(REASON, message, null);
  }
}
