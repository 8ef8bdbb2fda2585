package dev.onceflow.systemtest;

import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowTopics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits on the saga's progress, end to end: the recovery gate after each fault (every service
 * serves again and every inbox applies more events) and the final drain (both relay shards caught
 * up, every consumer group past every record, until the saga stops writing events).
 */
final class PipelineProgress {

  /**
   * A bound, not a wait: on two cores shared with other builds and benchmarks (load average 40-50)
   * a killed consumer's JVM alone took 140 s to start again, and three minutes ran out before its
   * inbox had moved on.
   */
  private static final Duration RECOVERY = Duration.ofMinutes(5);

  /**
   * A bound per round, not a wait: at load average 40-50 the consumers drained the backlog of a
   * loaded run more slowly than three minutes allowed.
   */
  private static final Duration DRAIN = Duration.ofMinutes(10);

  private static final Duration POLL = Duration.ofMillis(250);

  private PipelineProgress() {}

  /**
   * Waits until every service serves again and every inbox has applied {@code progress} events more
   * than {@code before} (0 for an inbox not in it): the saga works end to end, both hops.
   */
  static void awaitRecovered(
      Infrastructure infrastructure,
      Services services,
      Map<LedgerBooks.Inbox, Long> before,
      long progress) {
    try {
      await("pipeline recovered and " + progress + " more events applied by every inbox")
          .atMost(RECOVERY)
          .pollInterval(POLL)
          .ignoreExceptions()
          .until(
              () -> {
                Map<LedgerBooks.Inbox, Long> now = inboxEntries(infrastructure);
                for (LedgerBooks.Inbox inbox : LedgerBooks.Inbox.values()) {
                  if (now.get(inbox) < Math.max(0, before.getOrDefault(inbox, 0L)) + progress) {
                    return false;
                  }
                }
                return services.healthy();
              });
    } catch (ConditionTimeoutException e) {
      throw stuck(infrastructure, services, e);
    }
  }

  /** A failure naming what did not recover, with thread dumps of every service written to disk. */
  private static IllegalStateException stuck(
      Infrastructure infrastructure, Services services, ConditionTimeoutException cause) {
    return new IllegalStateException(
        cause.getMessage()
            + "\ninbox entries: "
            + inboxEntries(infrastructure)
            + "\nkafka: "
            + infrastructure.kafka()
            + " ready="
            + infrastructure.kafka().isReady()
            + " exit status="
            + infrastructure.kafka().exitCode()
            + "\n"
            + services.describe()
            + "thread dumps: "
            + services.dumpThreads(),
        cause);
  }

  /**
   * Waits until the saga has come to rest: both relay shards have published everything committed
   * (their slots confirmed past the WAL position taken first), then every consumer group has
   * committed offsets past every record of its topic. Its effects may have written more events (a
   * payment decided, an order confirmed), so this repeats until a round finds no new record;
   * returns every committed event record.
   */
  static List<EventRecord> drain(Infrastructure infrastructure, Services services) {
    awaitRecovered(infrastructure, services, Map.of(), 0);
    try (Admin admin = infrastructure.admin()) {
      List<String> topics = EventRecord.topics(admin, OnceflowTopics.EVENT_TOPIC_PREFIX);
      long before = -1;
      for (int round = 1; ; round++) {
        awaitRelaysCaughtUp(infrastructure);
        List<EventRecord> records = EventRecord.readAll(infrastructure.bootstrapServers(), topics);
        if (records.size() == before) {
          return records;
        }
        before = records.size();
        Map<TopicPartition, Long> lastRecords = new HashMap<>();
        records.forEach(
            r ->
                lastRecords.merge(
                    new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max));
        try {
          await("round " + round + ": consumer lag 0, offsets committed past every record")
              .atMost(DRAIN)
              .pollInterval(POLL)
              .ignoreExceptions()
              .until(() -> consumedPast(admin, lastRecords));
        } catch (ConditionTimeoutException e) {
          throw stuck(infrastructure, services, e);
        }
      }
    }
  }

  /** Every relay shard's slot confirmed past the WAL position when this is called. */
  private static void awaitRelaysCaughtUp(Infrastructure infrastructure) {
    long walAtEnd = query(infrastructure, "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
    for (String slot : Infrastructure.RELAY_SLOTS) {
      await("relay caught up: slot " + slot + " confirmed past " + walAtEnd)
          .atMost(DRAIN)
          .pollInterval(POLL)
          .ignoreExceptions()
          .until(
              () ->
                  query(
                          infrastructure,
                          "SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots"
                              + " WHERE slot_name = '"
                              + slot
                              + "'")
                      >= walAtEnd);
    }
  }

  /** Each inbox's consumer group has committed past the last record of its topic. */
  private static boolean consumedPast(Admin admin, Map<TopicPartition, Long> lastRecords)
      throws ExecutionException, InterruptedException, TimeoutException {
    for (LedgerBooks.Inbox inbox : LedgerBooks.Inbox.values()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(inbox.consumer)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      for (Map.Entry<TopicPartition, Long> last : lastRecords.entrySet()) {
        if (!last.getKey().topic().equals(inbox.topic)) {
          continue;
        }
        OffsetAndMetadata offset = committed.get(last.getKey());
        if (offset == null || offset.offset() <= last.getValue()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Entries in each inbox (events applied or parked so far); -1 for a database that is down. */
  static Map<LedgerBooks.Inbox, Long> inboxEntries(Infrastructure infrastructure) {
    Map<LedgerBooks.Inbox, Long> entries = new EnumMap<>(LedgerBooks.Inbox.class);
    for (LedgerBooks.Inbox inbox : LedgerBooks.Inbox.values()) {
      try (Connection connection = infrastructure.connect(inbox.database);
          PreparedStatement statement =
              connection.prepareStatement("SELECT count(*) FROM inbox_event WHERE consumer = ?")) {
        statement.setString(1, inbox.consumer);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          entries.put(inbox, rows.getLong(1));
        }
      } catch (SQLException e) {
        // Down (a crash restart) or not migrated yet.
        entries.put(inbox, -1L);
      }
    }
    return entries;
  }

  /** A one-number superuser query on the orders database. */
  private static long query(Infrastructure infrastructure, String sql) {
    try (Connection connection = infrastructure.connect(Infrastructure.ORDERS_DATABASE);
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      if (!rows.next()) {
        throw new IllegalStateException("no row from " + sql);
      }
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
