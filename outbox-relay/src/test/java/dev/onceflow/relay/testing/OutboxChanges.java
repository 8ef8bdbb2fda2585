package dev.onceflow.relay.testing;

import io.debezium.data.Envelope;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Change events of the outbox table shaped as Debezium's PostgreSQL connector emits them (the
 * column types of platform-contract's migration: {@code uuid}, {@code jsonb}, {@code timestamptz}
 * as Debezium's logical types), for unit tests of the relay's routing.
 */
public final class OutboxChanges {

  /** The row schema of {@code public.outbox_event}. */
  public static final Schema ROW =
      SchemaBuilder.struct()
          .name("onceflow-test.public.outbox_event.Value")
          .field("id", SchemaBuilder.string().name("io.debezium.data.Uuid").version(1).build())
          .field("aggregatetype", Schema.STRING_SCHEMA)
          .field("aggregateid", Schema.STRING_SCHEMA)
          .field("type", Schema.STRING_SCHEMA)
          .field("payload", SchemaBuilder.string().name("io.debezium.data.Json").version(1).build())
          .field("schema_version", Schema.INT32_SCHEMA)
          .field("aggregate_sequence", Schema.INT64_SCHEMA)
          .field("traceparent", Schema.OPTIONAL_STRING_SCHEMA)
          .field(
              "created_at",
              SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1).build())
          .build();

  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.postgresql.Source")
          .field("connector", Schema.STRING_SCHEMA)
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  private static final Envelope ENVELOPE =
      Envelope.defineSchema()
          .withName("onceflow-test.public.outbox_event.Envelope")
          .withRecord(ROW)
          .withSource(SOURCE)
          .build();

  private static final Schema KEY =
      SchemaBuilder.struct()
          .name("onceflow-test.public.outbox_event.Key")
          .field("id", ROW.field("id").schema())
          .build();

  private OutboxChanges() {}

  /** An outbox row with the usual values: an {@code OrderPlaced} of {@code aggregateId}. */
  public static Struct row(String aggregateId) {
    return new Struct(ROW)
        .put("id", UUID.randomUUID().toString())
        .put("aggregatetype", "order")
        .put("aggregateid", aggregateId)
        .put("type", "OrderPlaced")
        .put("payload", "{\"orderId\": \"" + aggregateId + "\", \"total\": 12.50}")
        .put("schema_version", 1)
        .put("aggregate_sequence", 1L)
        .put("created_at", "2026-11-27T04:45:39.904354Z");
  }

  /** The change event of inserting {@code row}, at {@code lsn}, committed at {@code tsUsec}. */
  public static SourceRecord inserted(Struct row, long lsn, long tsUsec) {
    return change(
        ENVELOPE.create(row, source(lsn), Instant.ofEpochMilli(tsUsec / 1000)), row, lsn, tsUsec);
  }

  /** The change event of deleting {@code row}, as the outbox does right after inserting it. */
  public static SourceRecord deleted(Struct row, long lsn) {
    return change(ENVELOPE.delete(row, source(lsn), Instant.now()), row, lsn, 0);
  }

  /** The change event of updating {@code row} (the publication publishes none; seen if altered). */
  public static SourceRecord updated(Struct row, long lsn) {
    return change(ENVELOPE.update(row, row, source(lsn), Instant.now()), row, lsn, 0);
  }

  /** A Debezium heartbeat: not an event, it only carries a position. */
  public static SourceRecord heartbeat(long lsn) {
    return new SourceRecord(
        Map.of("server", "onceflow-test"),
        Map.of("lsn", lsn),
        "__debezium-heartbeat.onceflow-test",
        Schema.STRING_SCHEMA,
        "beat");
  }

  private static Struct source(long lsn) {
    return new Struct(SOURCE).put("connector", "postgresql").put("lsn", lsn);
  }

  private static SourceRecord change(Struct value, Struct row, long lsn, long tsUsec) {
    Map<String, ?> offset = tsUsec > 0 ? Map.of("lsn", lsn, "ts_usec", tsUsec) : Map.of("lsn", lsn);
    return new SourceRecord(
        Map.of("server", "onceflow-test"),
        offset,
        "onceflow-test.public.outbox_event",
        null,
        KEY,
        new Struct(KEY).put("id", row.get("id")),
        ENVELOPE.schema(),
        value);
  }
}
