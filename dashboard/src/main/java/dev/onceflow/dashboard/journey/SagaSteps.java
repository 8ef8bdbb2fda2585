package dev.onceflow.dashboard.journey;

import static dev.onceflow.contract.order.OrderEvents.ORDER_CANCELLED;
import static dev.onceflow.contract.order.OrderEvents.ORDER_CONFIRMED;
import static dev.onceflow.contract.order.OrderEvents.ORDER_PLACED;
import static dev.onceflow.contract.order.OrderEvents.ORDER_REJECTED;
import static dev.onceflow.contract.payment.PaymentEvents.PAYMENT_AUTHORIZED;
import static dev.onceflow.contract.payment.PaymentEvents.PAYMENT_DECLINED;
import static dev.onceflow.contract.payment.PaymentEvents.PAYMENT_REFUNDED;

import dev.onceflow.contract.InboxJournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Folds an order's event journeys (every event keyed by the order id, whatever its topic) into its
 * saga. A step that answers another (the payment's decision, the order's confirmation) names the
 * consumer whose handling of an earlier event of the order wrote it: the one whose window, from
 * receipt to commit, holds the answer's outbox write.
 */
final class SagaSteps {

  private SagaSteps() {}

  static SagaView of(String orderId, List<Journey> journeys, String fulfillmentConsumer) {
    List<Journey> events = new ArrayList<>(journeys);
    events.sort(
        Comparator.comparing(
            SagaSteps::writtenAt, Comparator.nullsLast(Comparator.naturalOrder())));
    Journey placed = first(events, Set.of(ORDER_PLACED));
    Journey payment = first(events, Set.of(PAYMENT_AUTHORIZED, PAYMENT_DECLINED));
    Journey decision = first(events, Set.of(ORDER_CONFIRMED, ORDER_REJECTED));
    Journey cancelled = first(events, Set.of(ORDER_CANCELLED));
    Journey refunded = first(events, Set.of(PAYMENT_REFUNDED));

    List<SagaView.Step> steps = new ArrayList<>();
    Instant[] previous = {null};
    if (placed != null) {
      steps.add(step("placed", placed, null, writtenAt(placed), previous, where(placed)));
    }
    if (payment != null) {
      boolean authorised = PAYMENT_AUTHORIZED.equals(payment.eventType);
      answer(
          authorised ? "payment authorised" : "payment declined", payment, events, steps, previous);
    }
    InboxJournalEntry shipment = null;
    if (decision != null) {
      answer(
          ORDER_CONFIRMED.equals(decision.eventType) ? "confirmed" : "rejected",
          decision,
          events,
          steps,
          previous);
      shipment = committedBy(decision, fulfillmentConsumer);
      if (shipment != null) {
        boolean shipped = ORDER_CONFIRMED.equals(decision.eventType);
        steps.add(
            step(
                shipped ? "shipped" : "not shipped",
                decision,
                shipment.consumer(),
                shipment.committedAt(),
                previous,
                shipment.consumer()
                    + " committed it "
                    + format(between(writtenAt(decision), shipment.committedAt()))
                    + " after it was written"));
      }
    }
    if (cancelled != null) {
      steps.add(
          step("cancelled", cancelled, null, writtenAt(cancelled), previous, where(cancelled)));
    }
    if (refunded != null) {
      answer("payment refunded", refunded, events, steps, previous);
    }

    String outcome;
    if (cancelled != null) {
      outcome = "CANCELLED";
    } else if (decision != null) {
      boolean confirmed = ORDER_CONFIRMED.equals(decision.eventType);
      outcome = !confirmed ? "REJECTED" : shipment != null ? "SHIPPED" : "CONFIRMED";
    } else if (payment != null) {
      outcome = PAYMENT_AUTHORIZED.equals(payment.eventType) ? "AUTHORIZED" : "DECLINED";
    } else {
      outcome = placed != null ? "PLACED" : "UNKNOWN";
    }
    Instant first =
        steps.stream().map(SagaView.Step::at).filter(a -> a != null).findFirst().orElse(null);
    Double total = between(first, previous[0]);
    return new SagaView(orderId, outcome, total, List.copyOf(steps));
  }

  /** A step written by a consumer while it handled an earlier event of the order. */
  private static void answer(
      String name,
      Journey event,
      List<Journey> events,
      List<SagaView.Step> steps,
      Instant[] previous) {
    Instant at = writtenAt(event);
    InboxJournalEntry cause = null;
    Instant causeWritten = null;
    for (Journey earlier : events) {
      if (earlier == event) {
        continue;
      }
      for (InboxJournalEntry entry : earlier.outcomes) {
        if (entry.outcome() == InboxJournalEntry.Outcome.PROCESSED
            && at != null
            && entry.receivedAt() != null
            && entry.committedAt() != null
            && !at.isBefore(entry.receivedAt())
            && !at.isAfter(entry.committedAt())) {
          cause = entry;
          causeWritten = writtenAt(earlier);
        }
      }
    }
    String detail = where(event);
    if (cause != null) {
      detail =
          cause.consumer()
              + " received "
              + cause.eventType()
              + " "
              + format(between(causeWritten, cause.receivedAt()))
              + " after it was written, wrote this "
              + format(between(cause.receivedAt(), at))
              + " later · "
              + detail;
    }
    steps.add(step(name, event, cause == null ? null : cause.consumer(), at, previous, detail));
  }

  private static SagaView.Step step(
      String name, Journey event, String by, Instant at, Instant[] previous, String detail) {
    Double since = between(previous[0], at);
    if (at != null) {
      previous[0] = at;
    }
    return new SagaView.Step(
        name, event.eventType, event.eventId, event.topic, by, at, since, detail);
  }

  private static InboxJournalEntry committedBy(Journey event, String consumer) {
    return event.outcomes.stream()
        .filter(e -> e.outcome() == InboxJournalEntry.Outcome.PROCESSED)
        .filter(e -> consumer.equals(e.consumer()) && e.committedAt() != null)
        .findFirst()
        .orElse(null);
  }

  private static Journey first(List<Journey> events, Set<String> types) {
    return events.stream().filter(j -> types.contains(j.eventType)).findFirst().orElse(null);
  }

  /** The event's outbox write, else the moment Kafka has for it. */
  private static Instant writtenAt(Journey j) {
    return j.createdAt != null ? j.createdAt : j.publishedAt;
  }

  private static String where(Journey j) {
    return j.topic == null
        ? "not seen on its topic yet"
        : j.topic + " partition " + j.partition + " offset " + j.offset;
  }

  private static Double between(Instant from, Instant to) {
    return from == null || to == null ? null : JourneyStore.millis(from, to);
  }

  private static String format(Double millis) {
    return millis == null ? "?" : Math.round(millis) + " ms";
  }
}
