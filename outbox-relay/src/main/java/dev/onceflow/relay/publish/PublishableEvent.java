package dev.onceflow.relay.publish;

import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An outbox event ready to send: the Kafka record, and when the event was written to the outbox
 * (the start of the commit-to-publish latency; {@code null} if the row had no creation time).
 */
public record PublishableEvent(ProducerRecord<byte[], byte[]> record, Instant createdAt) {}
