package dev.onceflow.order.internal;

import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.metrics.OnceflowMeters;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.order.OrderPlaced;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts orders and outbox events once their transaction has committed: a rolled-back placement
 * placed nothing and must not show up on a dashboard. Created at start-up so every series is
 * exported, at zero, before the first order.
 */
@Startup
@ApplicationScoped
class OrderMetrics {

  private final MeterRegistry registry;
  private final Counter placed;
  private final Counter cancelled;
  // Built once per aggregate and event type: building and registering a counter on every event
  // would run the registry's meter filters each time.
  private final Map<EventKind, Counter> written = new ConcurrentHashMap<>();

  OrderMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.placed =
        Counter.builder(OnceflowMeters.ORDERS_PLACED)
            .description("Orders placed (committed)")
            .register(registry);
    this.cancelled =
        Counter.builder(OnceflowMeters.ORDERS_CANCELLED)
            .description("Orders cancelled (committed)")
            .register(registry);
    // Registered up front so dashboards show a zero rather than no series before the first order.
    written(OrderEvents.AGGREGATE_TYPE, OrderEvents.ORDER_PLACED);
    written(OrderEvents.AGGREGATE_TYPE, OrderEvents.ORDER_CONFIRMED);
    written(OrderEvents.AGGREGATE_TYPE, OrderEvents.ORDER_REJECTED);
    written(OrderEvents.AGGREGATE_TYPE, OrderEvents.ORDER_CANCELLED);
  }

  void onPlaced(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderPlaced event) {
    placed.increment();
  }

  void onCancelled(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderCancelled event) {
    cancelled.increment();
  }

  void onRecorded(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxEvent event) {
    written(event.aggregateType(), event.eventType()).increment();
  }

  private Counter written(String aggregateType, String eventType) {
    return written.computeIfAbsent(
        new EventKind(aggregateType, eventType),
        kind ->
            Counter.builder(OnceflowMeters.OUTBOX_EVENTS_WRITTEN)
                .description("Events written to the outbox (committed)")
                .tag("aggregate", kind.aggregateType())
                .tag("type", kind.eventType())
                .register(registry));
  }

  private record EventKind(String aggregateType, String eventType) {}
}
