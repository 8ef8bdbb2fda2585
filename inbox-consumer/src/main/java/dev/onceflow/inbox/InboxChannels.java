package dev.onceflow.inbox;

/**
 * Reactive Messaging channel names, shared by the code, {@code application.properties} and tests.
 */
public final class InboxChannels {

  /** Incoming order events ({@code onceflow.inbox.topic}), consumed in batches. */
  public static final String ORDER_EVENTS = "order-events";

  /**
   * Incoming dead letters ({@code onceflow.dead-letters}), projected into the {@code dead_letter}
   * table for the REST API.
   */
  public static final String DEAD_LETTERS = "dead-letters";

  private InboxChannels() {}
}
