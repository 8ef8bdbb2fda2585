package dev.onceflow.dashboard.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * Something the audit proved did not happen exactly once.
 *
 * @param kind what went wrong
 * @param consumer the inbox consumer it concerns, {@link #KAFKA} for the published stream, {@link
 *     #SOURCE} for the writing side
 * @param eventIds the events involved (empty for an event lost at the source: it never reached
 *     Kafka, and the writing service keeps no event ids, only aggregate sequences)
 * @param aggregate the aggregate ({@code topic/key}), when known
 * @param sequence the aggregate sequence concerned (for a gap: the first missing one), or null
 * @param detail what was seen, in words
 * @param at when the audit found it
 */
public record Anomaly(
    Kind kind,
    String consumer,
    List<String> eventIds,
    String aggregate,
    Long sequence,
    String detail,
    Instant at) {

  /** The {@code consumer} of an anomaly in what Kafka holds: a duplicate record, a gap. */
  public static final String KAFKA = "kafka";

  /** The {@code consumer} of an event written but never published. */
  public static final String SOURCE = "source";

  /** Anomaly kinds, named as the metric's {@code kind} tag. */
  public enum Kind {
    /** One event id at two Kafka offsets, or applied twice by one consumer. */
    DUPLICATE,
    /** An aggregate's sequence skips: a later event published, an earlier one not. */
    GAP,
    /** Written by a service, not on Kafka within {@code lost-after}. */
    LOST,
    /** Published, not applied by a consumer within {@code stuck-after}. */
    STUCK;

    @JsonValue
    public String tag() {
      return name().toLowerCase();
    }
  }
}
