package dev.onceflow.benchmarks.polling;

import dev.onceflow.contract.OnceflowHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The polling relay the CDC relay is measured against: the outbox relayed by querying the table, as
 * polling outbox libraries do, instead of tailing the WAL.
 *
 * <p>One loop, one database transaction per batch: lock the oldest {@code batch-size} rows with
 * {@code ORDER BY created_at, aggregate_sequence LIMIT n FOR UPDATE SKIP LOCKED} (cheap thanks to
 * the outbox's {@code outbox_event_created_at_idx}), publish them with an idempotent producer to
 * the topic and key the CDC relay uses ({@code <prefix><aggregatetype>}, key {@code aggregateid},
 * the same headers), wait for every acknowledgement, delete the rows, commit. A full batch is
 * followed by the next poll at once; a shorter one by a sleep of the poll interval.
 *
 * <p>At least once by nature: a crash between Kafka's acknowledgement and the database commit
 * leaves the rows in place, and they are published again. A Kafka transaction would not change that
 * (its commit and the database commit are still two commits), so the producer is idempotent without
 * transactions, as the CDC relay's at-least-once mode is.
 *
 * <p>Runs as its own process (the relay benchmark starts it with local-platform's {@code
 * ServiceProcess}), configured by arguments, the database password in {@value #PASSWORD_VARIABLE}.
 * Prints {@value #READY} once it polls.
 */
public final class PollingRelay implements AutoCloseable {

  /** Environment variable holding the database password. */
  public static final String PASSWORD_VARIABLE = "ONCEFLOW_POLLING_RELAY_PASSWORD";

  /** Printed once the relay has connected and starts polling. */
  public static final String READY = "polling-relay: polling";

  /** The poll: the oldest rows first, skipping rows another relay instance has locked. */
  public static final String SELECT_BATCH =
      "SELECT id, aggregatetype, aggregateid, type, payload::text, schema_version,"
          + " aggregate_sequence, traceparent, created_at FROM outbox_event"
          + " ORDER BY created_at, aggregate_sequence LIMIT ? FOR UPDATE SKIP LOCKED";

  private static final String DELETE_BATCH = "DELETE FROM outbox_event WHERE id = ANY (?)";

  private final PollingRelaySettings settings;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private Connection connection;
  private KafkaProducer<byte[], byte[]> producer;

  public PollingRelay(PollingRelaySettings settings) {
    this.settings = settings;
  }

  /** Runs until stopped; options in {@link PollingRelaySettings}. */
  public static void main(String[] args) throws Exception {
    PollingRelaySettings settings = PollingRelaySettings.parse(args, System.getenv());
    PollingRelay relay = new PollingRelay(settings);
    Thread loop = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  relay.running = false;
                  loop.interrupt();
                  try {
                    relay.stopped.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "polling-relay-shutdown"));
    try (relay) {
      relay.run();
    }
  }

  /** Polls until the process is asked to stop. */
  public void run() {
    try {
      connect();
      producer = newProducer();
      log(
          "batch %d, interval %d ms, %s",
          settings.batchSize(), settings.pollInterval().toMillis(), settings.jdbcUrl());
      log("%s", READY); // a line of its own: what ServiceProcess waits for
      while (running) {
        int relayed;
        try {
          if (connection == null) {
            connect();
          }
          relayed = pollOnce();
        } catch (SQLException | KafkaException e) {
          if (!running) {
            break;
          }
          recover(e);
          continue;
        }
        if (relayed < settings.batchSize()) {
          sleep(settings.pollInterval());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + settings.jdbcUrl(), e);
    } finally {
      stopped.countDown();
    }
  }

  /**
   * One batch, in one database transaction: lock, publish, await the acknowledgements, delete,
   * commit. Returns how many events were relayed.
   */
  int pollOnce() throws SQLException {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(settings.batchSize());
    List<UUID> ids = new ArrayList<>(settings.batchSize());
    try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
      select.setInt(1, settings.batchSize());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getObject(1, UUID.class));
          records.add(toRecord(rows));
        }
      }
    }
    if (records.isEmpty()) {
      // Ends the snapshot and releases nothing: keeps an idle relay from pinning old row versions.
      connection.commit();
      return 0;
    }
    List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(records.size());
    for (ProducerRecord<byte[], byte[]> record : records) {
      acknowledgements.add(producer.send(record));
    }
    producer.flush();
    for (Future<RecordMetadata> acknowledgement : acknowledgements) {
      try {
        acknowledgement.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted awaiting acknowledgements", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof KafkaException kafka
            ? kafka
            : new KafkaException("send failed", e.getCause());
      }
    }
    try (PreparedStatement delete = connection.prepareStatement(DELETE_BATCH)) {
      Array array = connection.createArrayOf("uuid", ids.toArray());
      delete.setArray(1, array);
      delete.executeUpdate();
      array.free();
    }
    connection.commit();
    return records.size();
  }

  private ProducerRecord<byte[], byte[]> toRecord(ResultSet row) throws SQLException {
    List<Header> headers = new ArrayList<>(6);
    headers.add(header(OnceflowHeaders.EVENT_ID, row.getString(1)));
    headers.add(header(OnceflowHeaders.EVENT_TYPE, row.getString(4)));
    headers.add(header(OnceflowHeaders.SCHEMA_VERSION, Integer.toString(row.getInt(6))));
    headers.add(header(OnceflowHeaders.AGGREGATE_SEQUENCE, Long.toString(row.getLong(7))));
    String traceparent = row.getString(8);
    if (traceparent != null) {
      headers.add(header(OnceflowHeaders.TRACEPARENT, traceparent));
    }
    headers.add(
        header(
            OnceflowHeaders.CREATED_AT,
            row.getObject(9, OffsetDateTime.class).toInstant().toString()));
    return new ProducerRecord<>(
        settings.topicPrefix() + row.getString(2),
        null,
        null,
        row.getString(3).getBytes(StandardCharsets.UTF_8),
        row.getString(5).getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /**
   * After a failed batch: roll back (the rows stay and are published again), replace the producer
   * if the KafkaProducer javadoc calls the error fatal, and back off before the next poll.
   */
  private void recover(Exception failure) {
    log("batch failed, rolling back; retrying in 1 s: %s", failure);
    failure.printStackTrace(System.out);
    try {
      if (connection != null && connection.isValid(5)) {
        connection.rollback();
      } else {
        // The next poll reconnects.
        closeConnection();
      }
    } catch (SQLException e) {
      log("rollback failed, reconnecting: %s", e);
      closeConnection();
    }
    if (failure instanceof OutOfOrderSequenceException
        || failure instanceof AuthorizationException) {
      producer.close(Duration.ZERO);
      producer = newProducer();
    }
    sleep(Duration.ofSeconds(1));
  }

  private void connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("ApplicationName", "onceflow-polling-relay");
    connection = DriverManager.getConnection(settings.jdbcUrl(), properties);
    connection.setAutoCommit(false);
  }

  private KafkaProducer<byte[], byte[]> newProducer() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "onceflow-polling-relay");
    // As the CDC relay's producer: idempotent, acks=all, Kafka's defaults otherwise.
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(properties);
  }

  private void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      // Asked to stop: the loop checks the flag.
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    closeConnection();
  }

  private void closeConnection() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log("closing the connection failed: %s", e);
    }
    connection = null;
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void log(String format, Object... args) {
    System.out.printf(format + "%n", args);
    System.out.flush();
  }
}
