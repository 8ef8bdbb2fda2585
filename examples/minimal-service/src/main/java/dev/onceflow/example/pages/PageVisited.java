package dev.onceflow.example.pages;

import dev.onceflow.contract.OutboxEvent;

/**
 * A page was visited: the {@code visit}-th visit of {@code page}. The page is the aggregate (the
 * Kafka key, so one page's events stay in order) and the visit number its sequence.
 */
public record PageVisited(String page, long visit) implements OutboxEvent {

  /** The aggregate type: events go to {@code outbox.event.page}. */
  public static final String AGGREGATE_TYPE = "page";

  @Override
  public String aggregateType() {
    return AGGREGATE_TYPE;
  }

  @Override
  public String aggregateId() {
    return page;
  }

  @Override
  public long aggregateSequence() {
    return visit;
  }
}
