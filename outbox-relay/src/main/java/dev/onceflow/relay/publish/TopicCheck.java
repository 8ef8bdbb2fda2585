package dev.onceflow.relay.publish;

import java.util.Optional;
import org.apache.kafka.common.errors.ApiException;

/**
 * Tells before sending whether Kafka can ever accept events on a topic. A producer sending to a
 * topic that does not exist, where the broker does not create topics, blocks for {@code
 * max.block.ms} on every attempt: that event would stall its shard forever.
 */
public interface TopicCheck {

  /** Accepts every topic: the broker creates what is missing, or the caller does not care. */
  TopicCheck ANY = topic -> Optional.empty();

  /**
   * Why events on {@code topic} can never be published (an {@code InvalidTopicException} or an
   * {@code UnknownTopicOrPartitionException}), or empty if they can be.
   *
   * @throws org.apache.kafka.common.KafkaException if Kafka could not be asked (retriable)
   */
  Optional<ApiException> refusal(String topic);
}
