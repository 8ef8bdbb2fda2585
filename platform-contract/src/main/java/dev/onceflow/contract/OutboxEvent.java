package dev.onceflow.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A fact about an aggregate that must reach Kafka exactly when the transaction that produced it
 * commits.
 *
 * <p>Implement it with a record whose components are the event's payload. The outbox columns are
 * derived from the event itself, so a caller cannot route an event to the wrong topic or key:
 *
 * <ul>
 *   <li>{@link #aggregateType()} picks the topic ({@code outbox.event.<aggregateType>});
 *   <li>{@link #aggregateId()} is the Kafka key, which is what keeps per-aggregate order;
 *   <li>{@link #aggregateSequence()} numbers the aggregate's events 1, 2, 3… so a consumer can
 *       detect a gap or a reordering;
 *   <li>{@link #eventType()} defaults to the record's simple name, in the past tense ({@code
 *       OrderPlaced}).
 * </ul>
 */
public interface OutboxEvent {

  /** The kind of aggregate that emitted the event, e.g. {@code order}; selects the topic. */
  @JsonIgnore
  String aggregateType();

  /** The aggregate's identity; becomes the Kafka record key. */
  @JsonIgnore
  String aggregateId();

  /** Position of this event in its aggregate's history, starting at 1. */
  @JsonIgnore
  long aggregateSequence();

  /** The event's name; by default the simple class name. */
  @JsonIgnore
  default String eventType() {
    return getClass().getSimpleName();
  }

  /** Version of the payload's schema; bump it on an incompatible payload change. */
  @JsonIgnore
  default int schemaVersion() {
    return 1;
  }

  /**
   * What breaks this event's contract, one message per broken field, as a consumer that received it
   * should judge it; empty when it keeps its contract. The producer's types decide what is valid,
   * so every consumer rejects the same events for the same reasons.
   */
  @JsonIgnore
  default List<String> violations() {
    return List.of();
  }
}
