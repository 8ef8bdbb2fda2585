package dev.onceflow.relay.publish;

import dev.onceflow.contract.OnceflowHeaders;
import io.debezium.data.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Turns a change event of the outbox table, as Debezium's PostgreSQL connector emits it, into the
 * Kafka record the relay publishes; the routing Debezium's Outbox Event Router did before, in the
 * relay's own code (one hand-off and one routed copy of each record less; measured in
 * docs/benchmarks.md).
 *
 * <p>An inserted row is an event: its topic is {@code <topic-prefix><aggregatetype>}, its key the
 * {@code aggregateid} (what keeps per-aggregate order), its value the {@code payload} column
 * exactly as PostgreSQL renders the jsonb, as UTF-8 bytes: JSON once, never a JSON string
 * containing JSON. Its headers are UTF-8 strings named by {@link OnceflowHeaders}, in this order:
 * {@code id}, {@code eventType}, {@code schemaVersion}, {@code aggregateSequence}, {@code
 * traceparent} (only when set), {@code createdAt}, then {@code committedAt}; the same records, byte
 * for byte, as the router produced ({@code EventRecordsTest} runs both).
 *
 * <p>Anything else is not an event and only carries a source offset: Debezium heartbeats, logical
 * decoding messages, and updates or deletes of outbox rows (the publication publishes inserts only;
 * a delete of a published row must publish nothing).
 */
public final class EventRecords {

  private static final Logger LOG = Logger.getLogger(EventRecords.class);

  /**
   * The outbox table's columns (platform-contract's migration), the Outbox Event Router's names.
   */
  static final String ID = "id";

  static final String AGGREGATE_TYPE = "aggregatetype";
  static final String AGGREGATE_ID = "aggregateid";
  static final String TYPE = "type";
  static final String PAYLOAD = "payload";
  static final String SCHEMA_VERSION = "schema_version";
  static final String AGGREGATE_SEQUENCE = "aggregate_sequence";
  static final String TRACEPARENT = "traceparent";
  static final String CREATED_AT = "created_at";

  private static final String CREATE = Envelope.Operation.CREATE.code();
  private static final String READ = Envelope.Operation.READ.code();
  private static final String UPDATE = Envelope.Operation.UPDATE.code();

  private final String topicPrefix;

  /** The last row schema seen and its columns: a table's schema object changes only on DDL. */
  private volatile Columns columns;

  /**
   * @param topicPrefix put before the aggregate type to name an event's topic
   */
  public EventRecords(String topicPrefix) {
    this.topicPrefix = topicPrefix;
  }

  /** Whether {@code record} is an inserted outbox row, rather than a heartbeat or a message. */
  public boolean isEvent(SourceRecord record) {
    if (!(record.value() instanceof Struct value)
        || !Envelope.isEnvelopeSchema(record.valueSchema())) {
      return false;
    }
    String operation = value.getString(Envelope.FieldName.OPERATION);
    if (CREATE.equals(operation) || READ.equals(operation)) {
      return true;
    }
    if (UPDATE.equals(operation)) {
      // As the router did: an outbox row is never updated, and an update is not an event.
      LOG.warnf("An update of an outbox row is not an event; ignored (key %s)", record.key());
    }
    return false;
  }

  /** The event to publish for an inserted outbox row. */
  public PublishableEvent toEvent(SourceRecord record) {
    Struct row = ((Struct) record.value()).getStruct(Envelope.FieldName.AFTER);
    Columns columns = columnsOf(row.schema());
    List<Header> headers = new ArrayList<>(7);
    addHeader(headers, OnceflowHeaders.EVENT_ID, row.get(columns.id));
    addHeader(headers, OnceflowHeaders.EVENT_TYPE, row.get(columns.type));
    addHeader(headers, OnceflowHeaders.SCHEMA_VERSION, row.get(columns.schemaVersion));
    addHeader(headers, OnceflowHeaders.AGGREGATE_SEQUENCE, row.get(columns.aggregateSequence));
    if (columns.traceparent != null) {
      addHeader(headers, OnceflowHeaders.TRACEPARENT, row.get(columns.traceparent));
    }
    Instant createdAt = null;
    Object created = row.get(columns.createdAt);
    if (created != null) {
      String text = text(created);
      headers.add(new RecordHeader(OnceflowHeaders.CREATED_AT, utf8(text)));
      createdAt = instant(text);
    }
    committedAt(record)
        .ifPresent(
            at -> headers.add(new RecordHeader(OnceflowHeaders.COMMITTED_AT, utf8(at.toString()))));
    String topic = topicPrefix + required(row, columns.aggregateType, AGGREGATE_TYPE);
    ProducerRecord<byte[], byte[]> producerRecord =
        new ProducerRecord<>(
            topic,
            null,
            null,
            bytes(row.get(columns.aggregateId)),
            bytes(row.get(columns.payload)),
            headers);
    return new PublishableEvent(producerRecord, createdAt);
  }

  private Columns columnsOf(Schema schema) {
    Columns known = columns;
    if (known == null || known.schema != schema) {
      known = new Columns(schema);
      columns = known;
    }
    return known;
  }

  /**
   * The outbox row's columns, looked up once per schema. A column the relay needs that the table
   * does not have fails the batch naming it, as the router did; {@code traceparent} is optional.
   */
  private static final class Columns {
    final Schema schema;
    final Field id;
    final Field aggregateType;
    final Field aggregateId;
    final Field type;
    final Field payload;
    final Field schemaVersion;
    final Field aggregateSequence;
    final Field traceparent;
    final Field createdAt;

    Columns(Schema schema) {
      this.schema = schema;
      this.id = column(schema, ID);
      this.aggregateType = column(schema, AGGREGATE_TYPE);
      this.aggregateId = column(schema, AGGREGATE_ID);
      this.type = column(schema, TYPE);
      this.payload = column(schema, PAYLOAD);
      this.schemaVersion = column(schema, SCHEMA_VERSION);
      this.aggregateSequence = column(schema, AGGREGATE_SEQUENCE);
      this.traceparent = schema.field(TRACEPARENT);
      this.createdAt = column(schema, CREATED_AT);
    }

    private static Field column(Schema schema, String name) {
      Field field = schema.field(name);
      if (field == null) {
        throw new IllegalStateException(
            "the outbox table " + schema.name() + " has no column " + name);
      }
      return field;
    }
  }

  /** The topic's part of the name; the router failed the batch on a row without one too. */
  private static Object required(Struct row, Field column, String name) {
    Object value = row.get(column);
    if (value == null) {
      throw new IllegalStateException("an outbox row without " + name + ": " + row);
    }
    return value;
  }

  /** A header per column that has a value: a NULL column is no header, as with the router. */
  private static void addHeader(List<Header> headers, String key, Object value) {
    if (value != null) {
      headers.add(new RecordHeader(key, utf8(text(value))));
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * When the source transaction committed: the PostgreSQL connector's offset carries the commit
   * timestamp ({@code ts_usec}, microseconds). Lets the dashboard show the database-commit hop.
   */
  static java.util.Optional<Instant> committedAt(SourceRecord record) {
    if (record.sourceOffset() != null
        && record.sourceOffset().get("ts_usec") instanceof Number micros) {
      long value = micros.longValue();
      return java.util.Optional.of(
          Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000));
    }
    return java.util.Optional.empty();
  }

  private static byte[] bytes(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] raw) {
      return raw;
    }
    if (value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalStateException(
        "expected the outbox payload and key as text, got "
            + value.getClass().getName()
            + ": the payload column must be json, jsonb or text and the router must not expand it");
  }

  private static String text(Object value) {
    if (value instanceof byte[] raw) {
      return new String(raw, StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  /** Debezium renders timestamptz as ISO-8601 with an offset; anything else yields no latency. */
  static Instant instant(String text) {
    Instant utc = utcInstant(text);
    if (utc != null) {
      return utc;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static final int[] NANOS_PER_DIGIT = {
    100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  /**
   * The form Debezium gives every timestamptz, UTC with up to 9 fraction digits ({@code
   * 2026-11-27T04:45:39.904354Z}), read by hand: {@code OffsetDateTime.parse} costs a few percent
   * of the relay's CPU per event (profile in docs/benchmarks.md). {@code null} for any other form.
   */
  private static Instant utcInstant(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length > 20 && (text.charAt(19) != '.' || length == 21))) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int fraction = length > 20 ? digits(text, 20, length - 1) : 0;
    if ((year | month | day | hour | minute | second | fraction) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      int nanos = length > 20 ? fraction * NANOS_PER_DIGIT[length - 22] : 0;
      return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in {@code text[from, to)}, or -1 if a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
