package dev.onceflow.relay.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Sends the batch's events with an idempotent producer and waits until Kafka acknowledged every
 * one. Offsets stay with Debezium's stock file store and are flushed periodically, so a crash
 * re-publishes everything since the last flush: at least once, never lost.
 */
public final class AtLeastOncePublisher implements BatchPublisher {

  private final Map<String, Object> producerProperties;
  private Producer<byte[], byte[]> producer;

  /**
   * @param producerProperties from {@link ProducerSettings#atLeastOnce}
   */
  public AtLeastOncePublisher(Map<String, Object> producerProperties) {
    this.producerProperties = producerProperties;
  }

  @Override
  public void start() {
    producer = new KafkaProducer<>(producerProperties);
  }

  @Override
  public void publish(List<PublishableEvent> events, SourceRecord last) {
    List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(events.size());
    for (PublishableEvent event : events) {
      acknowledgements.add(producer.send(event.record()));
    }
    KafkaException failure = null;
    for (Future<RecordMetadata> acknowledgement : acknowledgements) {
      try {
        acknowledgement.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof KafkaException kafka
                  ? kafka
                  : new KafkaException("send failed", e.getCause());
        }
      }
    }
    if (failure != null) {
      Map<Integer, Throwable> rejections = KafkaErrors.rejections(acknowledgements);
      throw rejections.isEmpty() || KafkaErrors.isFatal(failure)
          ? failure
          : new EventsRejected(rejections, failure);
    }
  }

  @Override
  public boolean recover() {
    // Nothing to undo: sending the batch again may duplicate what was acknowledged, as this
    // guarantee allows.
    return true;
  }

  @Override
  public boolean publishesOffsets() {
    return false;
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }
}
