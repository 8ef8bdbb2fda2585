package dev.onceflow.dashboard.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.order.OrderEvents;
import dev.onceflow.contract.payment.PaymentEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One order's saga as the platform puts it on Kafka, published by hand: each event by its relay's
 * transactional producer (OrderPlaced and OrderConfirmed by the order shard's, PaymentAuthorized by
 * the payment shard's), each consumer's outcome on the inbox journal, with the times a real run
 * has: an answer is written inside the window of the consumer that handled what it answers.
 * order-service's answer to the payment (OrderConfirmed) is on another branch, so the whole saga
 * cannot run here yet; these are the records it will produce.
 */
final class PlantedSaga {

  /** When each step happens, in ms after the order is placed. */
  static final long PAYMENT_WRITTEN = 30;

  static final long CONFIRMATION_WRITTEN = 70;
  static final long SHIPPED = 110;

  private final String bootstrapServers;
  private final ObjectMapper json;

  PlantedSaga(String bootstrapServers, ObjectMapper json) {
    this.bootstrapServers = bootstrapServers;
    this.json = json;
  }

  /** Publishes the saga of {@code orderId}, placed at {@code t0}. */
  void publish(String orderId, Instant t0) throws Exception {
    try (KafkaProducer<byte[], byte[]> orderRelay =
            relay(SagaStandIns.ORDER_RELAY_TRANSACTIONAL_ID);
        KafkaProducer<byte[], byte[]> paymentRelay =
            relay(SagaStandIns.PAYMENT_RELAY_TRANSACTIONAL_ID);
        KafkaProducer<byte[], byte[]> journal = plain()) {
      String placed = UUID.randomUUID().toString();
      String paid = UUID.randomUUID().toString();
      String confirmed = UUID.randomUUID().toString();

      RecordMetadata placedAt =
          send(
              orderRelay,
              SagaStandIns.ORDER_TOPIC,
              placed,
              OrderEvents.ORDER_PLACED,
              orderId,
              1,
              t0,
              "{\"orderId\":\"" + orderId + "\",\"placedAt\":\"" + t0.minusMillis(4) + "\"}");
      outcome(journal, "payments", placed, OrderEvents.ORDER_PLACED, orderId, placedAt, t0, 20, 40);
      outcome(
          journal, "fulfillment", placed, OrderEvents.ORDER_PLACED, orderId, placedAt, t0, 22, 26);

      RecordMetadata paidAt =
          send(
              paymentRelay,
              SagaStandIns.PAYMENT_TOPIC,
              paid,
              PaymentEvents.PAYMENT_AUTHORIZED,
              orderId,
              1,
              t0.plusMillis(PAYMENT_WRITTEN),
              "{\"orderId\":\"" + orderId + "\",\"amount\":25.00}");
      outcome(
          journal, "orders", paid, PaymentEvents.PAYMENT_AUTHORIZED, orderId, paidAt, t0, 60, 80);

      RecordMetadata confirmedAt =
          send(
              orderRelay,
              SagaStandIns.ORDER_TOPIC,
              confirmed,
              OrderEvents.ORDER_CONFIRMED,
              orderId,
              2,
              t0.plusMillis(CONFIRMATION_WRITTEN),
              "{\"orderId\":\"" + orderId + "\"}");
      outcome(
          journal,
          "payments",
          confirmed,
          OrderEvents.ORDER_CONFIRMED,
          orderId,
          confirmedAt,
          t0,
          90,
          92);
      outcome(
          journal,
          "fulfillment",
          confirmed,
          OrderEvents.ORDER_CONFIRMED,
          orderId,
          confirmedAt,
          t0,
          95,
          SHIPPED);
    }
  }

  private RecordMetadata send(
      KafkaProducer<byte[], byte[]> relay,
      String topic,
      String eventId,
      String type,
      String orderId,
      long sequence,
      Instant createdAt,
      String payload)
      throws Exception {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, bytes(orderId), bytes(payload));
    record.headers().add(OnceflowHeaders.EVENT_ID, bytes(eventId));
    record.headers().add(OnceflowHeaders.EVENT_TYPE, bytes(type));
    record.headers().add(OnceflowHeaders.AGGREGATE_SEQUENCE, bytes(Long.toString(sequence)));
    record.headers().add(OnceflowHeaders.CREATED_AT, bytes(createdAt.toString()));
    relay.beginTransaction();
    RecordMetadata sent = relay.send(record).get();
    relay.commitTransaction();
    return sent;
  }

  private void outcome(
      KafkaProducer<byte[], byte[]> journal,
      String consumer,
      String eventId,
      String type,
      String orderId,
      RecordMetadata where,
      Instant t0,
      long receivedMs,
      long committedMs)
      throws Exception {
    InboxJournalEntry entry =
        new InboxJournalEntry(
            eventId,
            consumer,
            InboxJournalEntry.Outcome.PROCESSED,
            type,
            orderId,
            where.topic(),
            where.partition(),
            where.offset(),
            null,
            t0.plusMillis(receivedMs),
            t0.plusMillis(committedMs),
            null,
            false);
    journal
        .send(
            new ProducerRecord<>(
                OnceflowTopics.INBOX_JOURNAL, bytes(eventId), json.writeValueAsBytes(entry)))
        .get();
  }

  private KafkaProducer<byte[], byte[]> relay(String transactionalId) {
    Properties props = properties();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
    producer.initTransactions();
    return producer;
  }

  private KafkaProducer<byte[], byte[]> plain() {
    return new KafkaProducer<>(properties());
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
