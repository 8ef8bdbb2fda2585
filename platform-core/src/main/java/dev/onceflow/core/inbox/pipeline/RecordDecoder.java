package dev.onceflow.core.inbox.pipeline;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxHandler;
import dev.onceflow.core.inbox.fault.InvalidEvent;
import dev.onceflow.core.inbox.fault.InvalidEventId;
import dev.onceflow.core.inbox.fault.UnknownEventType;
import dev.onceflow.core.inbox.fault.UnsupportedSchemaVersion;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a record into a {@link ConsumedEvent} or throws the {@link
 * dev.onceflow.core.inbox.fault.RejectedEvent} that says why it never can be one: the headers every
 * Onceflow event carries are checked here, the payload by the {@link InboxHandler}, and then the
 * two are checked against each other (the key is the aggregate, the sequence header agrees). Pure:
 * no I/O, so it runs before the transaction and a poison record never costs a rollback.
 */
public final class RecordDecoder<T> {

  private static final Pattern TRACEPARENT =
      Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

  private final InboxHandler<T> handler;
  private final Set<Integer> supportedSchemaVersions;

  public RecordDecoder(InboxHandler<T> handler, Set<Integer> supportedSchemaVersions) {
    this.handler = handler;
    this.supportedSchemaVersions = Set.copyOf(supportedSchemaVersions);
  }

  /** Decodes and validates {@code envelope}. */
  public ConsumedEvent<T> decode(EventEnvelope envelope) {
    UUID eventId = eventId(envelope.header(OnceflowHeaders.EVENT_ID));
    String type = envelope.header(OnceflowHeaders.EVENT_TYPE);
    if (type == null || type.isBlank()) {
      throw new UnknownEventType("the eventType header is missing");
    }
    int schemaVersion = schemaVersion(envelope.header(OnceflowHeaders.SCHEMA_VERSION));
    InboxHandler.Decoded<T> decoded = handler.decode(type, schemaVersion, envelope);
    List<String> errors = new ArrayList<>();
    if (decoded.aggregateId() == null || decoded.aggregateId().isBlank()) {
      errors.add("the aggregate id is missing");
    } else if (decoded.aggregateId().length() > 255) {
      errors.add("the aggregate id is longer than 255 characters");
    } else if (envelope.key() != null && !envelope.key().equals(decoded.aggregateId())) {
      errors.add(
          "record key '"
              + envelope.key()
              + "' is not the aggregate id '"
              + decoded.aggregateId()
              + "'");
    }
    if (decoded.sequence() < 1) {
      errors.add("sequence must be 1 or more, was " + decoded.sequence());
    }
    String sequenceHeader = envelope.header(OnceflowHeaders.AGGREGATE_SEQUENCE);
    if (sequenceHeader != null && !sequenceHeader.equals(Long.toString(decoded.sequence()))) {
      errors.add(
          "aggregateSequence header "
              + sequenceHeader
              + " differs from payload sequence "
              + decoded.sequence());
    }
    if (!errors.isEmpty()) {
      throw new InvalidEvent(String.join("; ", errors));
    }
    String traceparent = envelope.header(OnceflowHeaders.TRACEPARENT);
    if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
      traceparent = null; // optional: a broken trace context must not cost the event
    }
    return new ConsumedEvent<>(
        eventId,
        type,
        schemaVersion,
        decoded.aggregateId(),
        decoded.sequence(),
        decoded.payload(),
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

  /** The {@code createdAt} header as an instant; {@code null} when absent or unreadable. */
  public static Instant instant(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Instant.parse(header.trim());
    } catch (DateTimeParseException e) {
      return null; // optional: only the latency metric needs it
    }
  }
}
