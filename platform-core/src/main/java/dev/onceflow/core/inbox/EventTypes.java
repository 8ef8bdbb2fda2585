package dev.onceflow.core.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.core.inbox.fault.InvalidEvent;
import dev.onceflow.core.inbox.fault.UnknownEventType;
import java.util.List;
import java.util.Map;

/**
 * Decodes events that another Onceflow service recorded with {@code Outbox.record}: the payload is
 * the JSON of an {@link OutboxEvent} record, so its type says where it belongs ({@link
 * OutboxEvent#aggregateId()}, {@link OutboxEvent#aggregateSequence()}) and what breaks its contract
 * ({@link OutboxEvent#violations()}). An {@link InboxHandler#decode} is then one line.
 *
 * @param <T> the events' common type
 */
public final class EventTypes<T extends OutboxEvent> {

  private final ObjectMapper objectMapper;
  private final Map<String, Class<? extends T>> types;

  private EventTypes(ObjectMapper objectMapper, Map<String, ? extends Class<? extends T>> types) {
    this.objectMapper = objectMapper;
    this.types = Map.copyOf(types);
  }

  /**
   * The decoder of the given event types.
   *
   * @param types each accepted {@code eventType} header with the record class of its payload
   */
  public static <T extends OutboxEvent> EventTypes<T> of(
      ObjectMapper objectMapper, Map<String, ? extends Class<? extends T>> types) {
    return new EventTypes<>(objectMapper, types);
  }

  /**
   * Reads the payload of {@code envelope}, an event of {@code eventType}.
   *
   * @throws UnknownEventType if {@code eventType} is not one of the accepted types
   * @throws dev.onceflow.core.inbox.fault.MalformedEvent if the payload is not its type's JSON
   * @throws InvalidEvent naming every violation of the event's contract
   */
  public InboxHandler.Decoded<T> decode(String eventType, EventEnvelope envelope) {
    Class<? extends T> type = types.get(eventType);
    if (type == null) {
      throw new UnknownEventType(
          "eventType header is '"
              + eventType
              + "', expected one of "
              + types.keySet().stream().sorted().toList());
    }
    T event = JsonPayload.read(objectMapper, envelope.value(), type);
    List<String> violations = event.violations();
    if (!violations.isEmpty()) {
      throw new InvalidEvent(String.join("; ", violations));
    }
    return new InboxHandler.Decoded<>(event.aggregateId(), event.aggregateSequence(), event);
  }
}
