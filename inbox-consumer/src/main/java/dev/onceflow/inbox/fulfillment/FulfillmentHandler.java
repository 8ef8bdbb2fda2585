package dev.onceflow.inbox.fulfillment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.order.OrderEvent;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.EventTypes;
import dev.onceflow.core.inbox.InboxHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The fulfillment service's business on the Onceflow inbox: it ships only confirmed orders. The
 * library decides which events to apply and in which order (dedupe, per-order sequence, parking);
 * this handler applies them inside the inbox transaction, set-based: one read of the stored
 * shipments the batch moves on ({@link ShipmentRows}), the rules in memory ({@link
 * FulfillmentBatch}), then one multi-row statement per kind of write ({@link ShipmentRows}, {@link
 * CustomerStatsRows}).
 */
@ApplicationScoped
public class FulfillmentHandler implements InboxHandler<OrderEvent> {

  private static final Logger LOG = Logger.getLogger(FulfillmentHandler.class);

  private final EntityManager entityManager;
  private final EventTypes<OrderEvent> orderEvents;
  private final Clock clock;

  FulfillmentHandler(EntityManager entityManager, ObjectMapper objectMapper, Clock clock) {
    this.entityManager = entityManager;
    this.orderEvents = EventTypes.of(objectMapper, OrderEvents.TYPES);
    this.clock = clock;
  }

  @Override
  public Decoded<OrderEvent> decode(String eventType, int schemaVersion, EventEnvelope envelope) {
    return orderEvents.decode(eventType, envelope);
  }

  @Override
  public void apply(List<ConsumedEvent<OrderEvent>> events) {
    Session session = entityManager.unwrap(Session.class);
    session.doWork(connection -> apply(connection, events));
  }

  private void apply(Connection connection, List<ConsumedEvent<OrderEvent>> events)
      throws SQLException {
    Instant now = clock.instant();
    List<OrderEvent> payloads = events.stream().map(ConsumedEvent::payload).toList();
    FulfillmentBatch batch =
        new FulfillmentBatch(
            ShipmentRows.read(connection, FulfillmentBatch.storedOrders(payloads)), now);
    for (ConsumedEvent<OrderEvent> event : events) {
      batch.apply(event.payload());
      LOG.debugf(
          "%s %s of order %s applied",
          event.payload().eventType(), event.eventId(), event.aggregateId());
    }
    ShipmentRows.write(connection, batch.shipments());
    CustomerStatsRows.add(connection, batch.stats(), now);
  }
}
