package dev.onceflow.relay.publish;

import java.util.Map;
import org.apache.kafka.common.KafkaException;

/**
 * Kafka refused some events of a batch for good ({@link KafkaErrors#isPermanent}): sending them
 * again can never succeed. The batch was not published; the caller aborts it and publishes it again
 * with those events moved to the dead-letter topic.
 */
public final class EventsRejected extends KafkaException {

  private final Map<Integer, Throwable> rejections;

  /**
   * @param rejections the refused events, by their index in the batch, with Kafka's reason
   * @param cause how the batch failed
   */
  public EventsRejected(Map<Integer, Throwable> rejections, Throwable cause) {
    super(rejections.size() + " event(s) of the batch can never be published", cause);
    this.rejections = Map.copyOf(rejections);
  }

  /** The refused events, by their index in the batch, with Kafka's reason. */
  public Map<Integer, Throwable> rejections() {
    return rejections;
  }
}
