package dev.onceflow.testkit.inbox.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxHandler;
import dev.onceflow.core.inbox.JsonPayload;
import dev.onceflow.core.inbox.fault.UnknownEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/** The smallest handler the library accepts: each applied event adds one {@link Effect} row. */
@ApplicationScoped
public class CountingHandler implements InboxHandler<Counted> {

  private final ObjectMapper objectMapper;
  private final EntityManager entityManager;

  CountingHandler(ObjectMapper objectMapper, EntityManager entityManager) {
    this.objectMapper = objectMapper;
    this.entityManager = entityManager;
  }

  @Override
  public Decoded<Counted> decode(String eventType, int schemaVersion, EventEnvelope envelope) {
    if (!Counted.TYPE.equals(eventType)) {
      throw new UnknownEventType("not a " + Counted.TYPE + ": " + eventType);
    }
    Counted counted = JsonPayload.read(objectMapper, envelope.value(), Counted.class);
    return new Decoded<>(counted.aggregateId(), counted.sequence(), counted);
  }

  @Override
  public void apply(List<ConsumedEvent<Counted>> events) {
    events.forEach(e -> entityManager.persist(new Effect(e.aggregateId(), e.sequence())));
  }
}
