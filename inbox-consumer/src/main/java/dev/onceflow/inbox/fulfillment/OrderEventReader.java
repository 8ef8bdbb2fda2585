package dev.onceflow.inbox.fulfillment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderLine;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxHandler;
import dev.onceflow.core.inbox.JsonPayload;
import dev.onceflow.core.inbox.fault.InvalidEvent;
import dev.onceflow.core.inbox.fault.UnknownEventType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and validates the payload of an order event: {@code OrderPlaced} or {@code OrderCancelled},
 * in their contract's JSON. Pure: the inbox calls it before its transaction, so a poison record
 * never costs a rollback; what it rejects is dead-lettered with the reason.
 */
final class OrderEventReader {

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private final ObjectMapper objectMapper;

  OrderEventReader(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  /** The payload of {@code envelope}, an event of {@code eventType}. */
  InboxHandler.Decoded<OutboxEvent> read(String eventType, EventEnvelope envelope) {
    List<String> errors = new ArrayList<>();
    if (OrderEvents.ORDER_PLACED.equals(eventType)) {
      OrderPlaced placed = JsonPayload.read(objectMapper, envelope.value(), OrderPlaced.class);
      validate(placed, errors);
      return valid(errors, new InboxHandler.Decoded<>(placed.orderId(), placed.sequence(), placed));
    }
    if (OrderEvents.ORDER_CANCELLED.equals(eventType)) {
      OrderCancelled cancelled =
          JsonPayload.read(objectMapper, envelope.value(), OrderCancelled.class);
      validate(cancelled, errors);
      return valid(
          errors, new InboxHandler.Decoded<>(cancelled.orderId(), cancelled.sequence(), cancelled));
    }
    throw new UnknownEventType(
        "eventType header is '" + eventType + "', expected OrderPlaced or OrderCancelled");
  }

  private static InboxHandler.Decoded<OutboxEvent> valid(
      List<String> errors, InboxHandler.Decoded<OutboxEvent> decoded) {
    if (!errors.isEmpty()) {
      throw new InvalidEvent(String.join("; ", errors));
    }
    return decoded;
  }

  static void validate(OrderPlaced placed, List<String> errors) {
    required(errors, "orderId", placed.orderId());
    required(errors, "customerId", placed.customerId());
    if (placed.currency() == null || !CURRENCY.matcher(placed.currency()).matches()) {
      errors.add("currency must be an ISO 4217 code, was '" + placed.currency() + "'");
    }
    if (placed.lines() == null || placed.lines().isEmpty()) {
      errors.add("lines must not be empty");
    } else {
      for (int i = 0; i < placed.lines().size(); i++) {
        OrderLine line = placed.lines().get(i);
        if (line == null) {
          errors.add("lines[" + i + "] must not be null");
          continue;
        }
        required(errors, "lines[" + i + "].sku", line.sku());
        if (line.quantity() < 1) {
          errors.add("lines[" + i + "].quantity must be at least 1");
        }
        if (line.unitPrice() == null || line.unitPrice().signum() < 0) {
          errors.add("lines[" + i + "].unitPrice must be zero or more");
        }
      }
    }
    if (placed.total() == null || placed.total().signum() < 0) {
      errors.add("total must be zero or more");
    } else if (placed.total().compareTo(new BigDecimal("1E15")) >= 0) {
      errors.add("total is too large");
    }
    if (placed.placedAt() == null) {
      errors.add("placedAt is required");
    }
    if (placed.sequence() != 1) {
      errors.add("sequence of OrderPlaced must be 1, was " + placed.sequence());
    }
  }

  static void validate(OrderCancelled cancelled, List<String> errors) {
    required(errors, "orderId", cancelled.orderId());
    required(errors, "customerId", cancelled.customerId());
    if (cancelled.cancelledAt() == null) {
      errors.add("cancelledAt is required");
    }
    if (cancelled.sequence() < 2) {
      errors.add("sequence of OrderCancelled must be 2 or more, was " + cancelled.sequence());
    }
  }

  private static void required(List<String> errors, String field, String value) {
    if (value == null || value.isBlank()) {
      errors.add(field + " is required");
    } else if (value.length() > 255) {
      errors.add(field + " is longer than 255 characters");
    }
  }
}
