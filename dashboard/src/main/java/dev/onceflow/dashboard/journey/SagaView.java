package dev.onceflow.dashboard.journey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One order followed across the saga: placed, payment authorised or declined, confirmed or
 * rejected, shipped (and cancelled, refunded), each step with the time since the one before.
 *
 * @param orderId the order (every event of the saga is keyed by it)
 * @param outcome how far it got: PLACED, AUTHORIZED, DECLINED, CONFIRMED, SHIPPED, REJECTED or
 *     CANCELLED
 * @param totalMillis from the first step to the last
 * @param steps in saga order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SagaView(String orderId, String outcome, Double totalMillis, List<Step> steps) {

  /**
   * One step.
   *
   * @param name placed, payment authorised, payment declined, confirmed, rejected, shipped, not
   *     shipped, cancelled, payment refunded
   * @param eventType the event that is this step (for shipped: the one the consumer committed)
   * @param eventId its id
   * @param topic where it was published
   * @param by the consumer that wrote it while handling the previous event, or committed it
   * @param at when: the event's outbox write, or the consumer's commit
   * @param sincePreviousMillis the hop's latency: time since the previous step
   * @param detail where it was published, or how long its delivery and handling took
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(
      String name,
      String eventType,
      String eventId,
      String topic,
      String by,
      Instant at,
      Double sincePreviousMillis,
      String detail) {}
}
