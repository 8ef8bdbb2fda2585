package dev.onceflow.dashboard.journey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A journey as the API shows it: identity, where it was published, its status and its timeline.
 *
 * @param eventId the event's id
 * @param orderId the aggregate id (the record key)
 * @param eventType e.g. {@code OrderPlaced}
 * @param topic event topic
 * @param partition partition, -1 when not seen on the topic
 * @param offset offset, -1 when not seen on the topic
 * @param status {@code published}, {@code processed}, {@code duplicate}, {@code parked}, {@code
 *     dead-lettered} (or {@code seen}: known from the journal only)
 * @param endToEndMillis outbox write to the consumer's commit, when both are known
 * @param duplicates later deliveries the inbox skipped
 * @param reason the dead-letter reason's code, if any (its detail may quote the payload, so only
 *     the dead-letter list, behind login, shows it)
 * @param updatedAt when the dashboard last learned something about it
 * @param hops the timeline (empty in list views)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JourneyView(
    String eventId,
    String orderId,
    String eventType,
    String topic,
    int partition,
    long offset,
    String status,
    Double endToEndMillis,
    int duplicates,
    String reason,
    Instant updatedAt,
    List<Hop> hops) {

  /**
   * The code of a dead-letter reason ({@code malformed-json} of {@code malformed-json: Unexpected
   * character ... "{...payload...}"}): what anyone viewing the dashboard may see of it.
   */
  public static String reasonCode(String reason) {
    return reason == null ? null : reason.split(":", 2)[0].trim();
  }

  /**
   * One step of the timeline.
   *
   * @param name what happened
   * @param at when, by the clock of the process that saw it
   * @param sincePreviousMillis time since the previous step that has a time
   * @param detail where (topic, partition, offset), why (a reason), or which consumer
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Hop(String name, Instant at, Double sincePreviousMillis, String detail) {}
}
