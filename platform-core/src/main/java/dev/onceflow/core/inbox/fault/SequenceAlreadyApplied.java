package dev.onceflow.core.inbox.fault;

import dev.onceflow.core.inbox.ConsumedEvent;

/**
 * The aggregate has already applied an event with this sequence under another event id: applying
 * this one would be a second effect for one position in the aggregate's history.
 */
public class SequenceAlreadyApplied extends RejectedEvent {

  public static final String REASON = "sequence-already-applied";

  public SequenceAlreadyApplied(String message) {
    super(REASON, message, null);
  }

  /** The message for {@code event}: which aggregate, which sequence. */
  public static String describe(ConsumedEvent<?> event) {
    return "aggregate "
        + event.aggregateId()
        + " already applied sequence "
        + event.sequence()
        + " under another event id";
  }
}
