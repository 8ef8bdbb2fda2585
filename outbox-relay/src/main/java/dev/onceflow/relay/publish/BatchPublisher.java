package dev.onceflow.relay.publish;

import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Publishes one Debezium batch. The two implementations are the relay's delivery guarantees: {@link
 * ExactlyOncePublisher} and {@link AtLeastOncePublisher}. The caller marks the batch's records
 * processed only after {@link #publish} returned.
 */
public interface BatchPublisher extends AutoCloseable {

  /**
   * Creates the producer; the exactly-once publisher also fences every earlier producer of the
   * shard and completes or aborts its open transaction. Must run before the engine reads its
   * offsets.
   */
  void start();

  /**
   * Publishes {@code events} and, where the mode stores offsets in Kafka, the source offset of
   * {@code last}; returns once Kafka committed or acknowledged all of it.
   *
   * @param last the batch's last record, events or not (heartbeats carry offsets too)
   * @throws org.apache.kafka.common.KafkaException when Kafka refused the batch; see {@link
   *     KafkaErrors}
   */
  void publish(List<PublishableEvent> events, SourceRecord last);

  /**
   * Undoes what a failed {@link #publish} left behind.
   *
   * @return {@code true} if nothing of the failed batch can become visible, so publishing it again
   *     in place is safe; {@code false} if its outcome is unknown and the engine must restart from
   *     the offsets Kafka committed
   */
  boolean recover();

  /** Whether this publisher needs the batch's offset even when it holds no events. */
  boolean publishesOffsets();

  /** Closes the producer without waiting: nothing unfinished may be sent after this. */
  @Override
  void close();
}
