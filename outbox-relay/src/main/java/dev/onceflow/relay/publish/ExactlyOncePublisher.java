package dev.onceflow.relay.publish;

import dev.onceflow.relay.offsets.OffsetRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * One Kafka transaction per batch: the batch's events and one record holding the source offset of
 * its last record, written to the compacted offsets topic in the engine's own offset format.
 *
 * <p>Either both become visible to {@code read_committed} consumers or neither does, so the offset
 * the relay restarts from always matches what it published: no loss, no duplicate, whatever moment
 * it crashes at.
 */
public final class ExactlyOncePublisher implements BatchPublisher {

  private static final Logger LOG = Logger.getLogger(ExactlyOncePublisher.class);

  private final Map<String, Object> producerProperties;
  private final OffsetRecords offsetRecords;
  private Producer<byte[], byte[]> producer;
  private boolean inTransaction;

  /**
   * @param producerProperties from {@link ProducerSettings#exactlyOnce}
   * @param offsetRecords writes the offset record of each batch
   */
  public ExactlyOncePublisher(Map<String, Object> producerProperties, OffsetRecords offsetRecords) {
    this.producerProperties = producerProperties;
    this.offsetRecords = offsetRecords;
  }

  @Override
  public void start() {
    producer = new KafkaProducer<>(producerProperties);
    try {
      // Fences every earlier producer with this transactional.id and completes or aborts its open
      // transaction, so that the offsets topic read next shows the final state.
      producer.initTransactions();
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      producer = null;
      throw e;
    }
  }

  @Override
  public void publish(List<PublishableEvent> events, SourceRecord last) {
    producer.beginTransaction();
    inTransaction = true;
    List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
    try {
      for (PublishableEvent event : events) {
        sent.add(producer.send(event.record()));
      }
      producer.send(offsetRecords.record(last.sourcePartition(), last.sourceOffset()));
      producer.commitTransaction();
    } catch (RuntimeException e) {
      // A refused record makes the transaction abortable: the next send or the commit fails.
      Map<Integer, Throwable> rejections = KafkaErrors.rejections(sent);
      if (!rejections.isEmpty() && !KafkaErrors.isFatal(e)) {
        throw new EventsRejected(rejections, e);
      }
      throw e;
    }
    inTransaction = false;
  }

  @Override
  public boolean recover() {
    if (!inTransaction) {
      return true;
    }
    try {
      producer.abortTransaction();
      inTransaction = false;
      return true;
    } catch (RuntimeException e) {
      if (KafkaErrors.isFatal(e)) {
        throw e;
      }
      // A commit that timed out may still complete: only the offsets Kafka committed can tell.
      LOG.warnf(e, "Could not abort the Kafka transaction; its outcome is unknown");
      return false;
    }
  }

  @Override
  public boolean publishesOffsets() {
    return true;
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }
}
