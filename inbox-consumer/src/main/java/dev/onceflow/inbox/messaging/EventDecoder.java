package dev.onceflow.inbox.messaging;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderLine;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.fault.InvalidEvent;
import dev.onceflow.core.inbox.fault.InvalidEventId;
import dev.onceflow.core.inbox.fault.MalformedEvent;
import dev.onceflow.core.inbox.fault.UnknownEventType;
import dev.onceflow.core.inbox.fault.UnsupportedSchemaVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a record into a {@link DecodedEvent} or throws the {@link
 * dev.onceflow.core.inbox.fault.RejectedEvent} that says why it never can be one. Pure: no I/O, so
 * it runs before the database transaction and a poison record never costs a rollback.
 */
@ApplicationScoped
public class EventDecoder {

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern TRACEPARENT =
      Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

  private final ObjectMapper objectMapper;
  private final Set<Integer> supportedSchemaVersions;

  @Inject
  EventDecoder(ObjectMapper objectMapper, InboxConfig config) {
    this(objectMapper, config.supportedSchemaVersions());
  }

  public EventDecoder(ObjectMapper objectMapper, Set<Integer> supportedSchemaVersions) {
    this.objectMapper = objectMapper;
    this.supportedSchemaVersions = Set.copyOf(supportedSchemaVersions);
  }

  /** Decodes and validates {@code envelope}. */
  public DecodedEvent decode(EventEnvelope envelope) {
    UUID eventId = eventId(envelope.header(OnceflowHeaders.EVENT_ID));
    String type = envelope.header(OnceflowHeaders.EVENT_TYPE);
    if (!OrderEvents.ORDER_PLACED.equals(type) && !OrderEvents.ORDER_CANCELLED.equals(type)) {
      throw new UnknownEventType(
          "eventType header is '" + type + "', expected OrderPlaced or OrderCancelled");
    }
    int schemaVersion = schemaVersion(envelope.header(OnceflowHeaders.SCHEMA_VERSION));
    if (envelope.value() == null || envelope.value().length == 0) {
      throw new MalformedEvent("empty payload");
    }
    List<String> errors = new ArrayList<>();
    DecodedEvent event;
    if (OrderEvents.ORDER_PLACED.equals(type)) {
      OrderPlaced placed = read(envelope.value(), OrderPlaced.class);
      validate(placed, errors);
      event =
          event(
              envelope,
              eventId,
              type,
              schemaVersion,
              placed.orderId(),
              placed.customerId(),
              placed.sequence(),
              placed);
    } else {
      OrderCancelled cancelled = read(envelope.value(), OrderCancelled.class);
      validate(cancelled, errors);
      event =
          event(
              envelope,
              eventId,
              type,
              schemaVersion,
              cancelled.orderId(),
              cancelled.customerId(),
              cancelled.sequence(),
              cancelled);
    }
    String sequenceHeader = envelope.header(OnceflowHeaders.AGGREGATE_SEQUENCE);
    if (sequenceHeader != null && !sequenceHeader.equals(Long.toString(event.sequence()))) {
      errors.add(
          "aggregateSequence header "
              + sequenceHeader
              + " differs from payload sequence "
              + event.sequence());
    }
    if (envelope.key() != null
        && event.orderId() != null
        && !envelope.key().equals(event.orderId())) {
      errors.add(
          "record key '" + envelope.key() + "' is not the orderId '" + event.orderId() + "'");
    }
    if (!errors.isEmpty()) {
      throw new InvalidEvent(String.join("; ", errors));
    }
    return event;
  }

  private DecodedEvent event(
      EventEnvelope envelope,
      UUID eventId,
      String type,
      int schemaVersion,
      String orderId,
      String customerId,
      long sequence,
      Object payload) {
    String traceparent = envelope.header(OnceflowHeaders.TRACEPARENT);
    if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
      traceparent = null; // optional: a broken trace context must not cost the event
    }
    return new DecodedEvent(
        eventId,
        type,
        schemaVersion,
        orderId,
        customerId,
        sequence,
        payload,
        instant(envelope.header(OnceflowHeaders.CREATED_AT)),
        traceparent,
        envelope);
  }

  private static UUID eventId(String header) {
    if (header == null || header.isBlank()) {
      throw new InvalidEventId("the 'id' header is missing");
    }
    try {
      return UUID.fromString(header.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidEventId("the 'id' header '" + header + "' is not a UUID", e);
    }
  }

  private int schemaVersion(String header) {
    int version;
    try {
      version = Integer.parseInt(header == null ? "" : header.trim());
    } catch (NumberFormatException e) {
      throw new UnsupportedSchemaVersion(
          "schemaVersion header '" + header + "' is not a version number", e);
    }
    if (!supportedSchemaVersions.contains(version)) {
      throw new UnsupportedSchemaVersion(
          "schemaVersion " + version + " is not one of " + supportedSchemaVersions);
    }
    return version;
  }

  private <T> T read(byte[] value, Class<T> type) {
    try {
      T event = objectMapper.readValue(value, type);
      if (event == null) {
        throw new MalformedEvent("payload is JSON null");
      }
      return event;
    } catch (JacksonException e) {
      throw new MalformedEvent(
          "payload is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new MalformedEvent("payload cannot be read: " + e.getMessage(), e);
    }
  }

  private static Instant instant(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Instant.parse(header.trim());
    } catch (DateTimeParseException e) {
      return null; // optional: only the latency metric needs it
    }
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
