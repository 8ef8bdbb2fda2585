package dev.onceflow.core.inbox;

/**
 * The Reactive Messaging channels the inbox consumes. Their Kafka settings come from {@code
 * onceflow.inbox.*} (the library's defaults); an application overrides any of them under {@code
 * mp.messaging.incoming.<channel>.*}.
 */
public final class InboxChannels {

  /** The events ({@code onceflow.inbox.topic}), consumed in batches. */
  public static final String EVENTS = "onceflow-inbox";

  /**
   * This consumer's dead letters on the dead-letter topic, projected into {@code inbox_dead_letter}
   * for {@code GET /dead-letters} and replay.
   */
  public static final String DEAD_LETTERS = "onceflow-inbox-dead-letters";

  private InboxChannels() {}
}
