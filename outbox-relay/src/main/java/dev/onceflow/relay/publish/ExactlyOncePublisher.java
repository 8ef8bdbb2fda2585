package dev.onceflow.relay.publish;

import dev.onceflow.relay.offsets.OffsetRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private boolean isolateNextAttempt;

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
    boolean oneByOne = isolateNextAttempt;
    isolateNextAttempt = false;
    producer.beginTransaction();
    inTransaction = true;
    List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
    try {
      for (int i = 0; i < events.size(); i++) {
        Future<RecordMetadata> send = producer.send(events.get(i).record());
        if (oneByOne) {
          producer.flush();
        }
        // Refused at once (too large for max.request.size, an invalid topic): this record's own
        // refusal. Every record sent before it that is still unsent fails later with the very same
        // exception when the transaction turns abortable, so only this moment names the culprit.
        Optional<Throwable> refusal = KafkaErrors.refusal(send);
        if (refusal.isPresent()) {
          throw new EventsRejected(Map.of(i, refusal.get()), refusal.get());
        }
        sent.add(send);
      }
      producer.send(offsetRecords.record(last.sourcePartition(), last.sourceOffset()));
      producer.commitTransaction();
    } catch (EventsRejected e) {
      throw e;
    } catch (RuntimeException e) {
      // The broker refused a record for good, but which one is unknown: its error reached every
      // record of the transaction not yet sent. The next attempt sends one record at a time, so the
      // refused one is the one that fails.
      isolateNextAttempt = !KafkaErrors.isFatal(e) && !KafkaErrors.rejections(sent).isEmpty();
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
