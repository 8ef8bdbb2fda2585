package dev.onceflow.relay.publish;

import dev.onceflow.contract.OnceflowHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

/**
 * Moves an event Kafka will never accept to the relay's dead-letter topic: same key and headers,
 * plus the reason ({@link OnceflowHeaders#DLQ_REASON}), the error's class ({@link
 * OnceflowHeaders#DLQ_EXCEPTION}) and the topic it was meant for ({@link
 * OnceflowHeaders#DLQ_TOPIC}). An event refused for its size keeps no payload (it would be refused
 * again); its size is in the reason.
 */
public final class DeadLetters {

  private static final Logger LOG = Logger.getLogger(DeadLetters.class);

  private final String topic;

  /**
   * @param topic the relay's dead-letter topic
   */
  public DeadLetters(String topic) {
    this.topic = topic;
  }

  /** The dead-letter topic. */
  public String topic() {
    return topic;
  }

  /**
   * Creates the topic unless it exists, with the broker's default partitions and replication: the
   * broker may not create topics on first use.
   */
  public void ensureTopicExists(Admin admin) {
    if (TopicProvisioning.ensure(
        admin, new NewTopic(topic, Optional.empty(), Optional.empty()), "dead-letter")) {
      LOG.infof("Created the relay's dead-letter topic %s", topic);
    }
  }

  /** Whether {@code event} already goes to the dead-letter topic. */
  public boolean isDeadLetter(PublishableEvent event) {
    return topic.equals(event.record().topic());
  }

  /** {@code event} moved to the dead-letter topic because Kafka refused it with {@code error}. */
  public PublishableEvent of(PublishableEvent event, Throwable error) {
    boolean tooLarge = error instanceof RecordTooLargeException;
    byte[] value = event.record().value();
    String reason =
        tooLarge
            ? "Kafka refused the event for its size ("
                + (value == null ? 0 : value.length)
                + " bytes of payload; payload omitted): "
                + error.getMessage()
            : "Kafka refused the event: " + error.getMessage();
    return moved(event, reason, error.getClass().getName(), tooLarge ? null : value);
  }

  private PublishableEvent moved(
      PublishableEvent event, String reason, String exception, byte[] value) {
    ProducerRecord<byte[], byte[]> original = event.record();
    List<Header> headers = new ArrayList<>();
    original.headers().forEach(headers::add);
    headers.add(header(OnceflowHeaders.DLQ_REASON, reason));
    headers.add(header(OnceflowHeaders.DLQ_EXCEPTION, exception));
    headers.add(header(OnceflowHeaders.DLQ_TOPIC, original.topic()));
    Instant createdAt = event.createdAt();
    return new PublishableEvent(
        new ProducerRecord<>(topic, null, null, original.key(), value, headers), createdAt);
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
