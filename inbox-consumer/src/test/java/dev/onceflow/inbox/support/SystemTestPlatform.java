package dev.onceflow.inbox.support;

import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.local.LocalPostgres;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One system test's share of the local platform: its own database and role, topic and consumer name
 * (which is also its consumer group), and the environment that points a {@link ConsumerProcess} at
 * them.
 */
public final class SystemTestPlatform {

  public final String database;
  public final String topic;
  public final String consumerName;
  private final String password;
  private final LocalPostgres server;

  private SystemTestPlatform(String name, int partitions, LocalPostgres server) {
    this.server = server;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    this.database = "it_" + name + "_" + suffix;
    this.topic = "it." + name + ".order." + suffix;
    this.consumerName = "it-" + name + "-" + suffix;
    this.password = UUID.randomUUID().toString() + new SecureRandom().nextInt(1_000_000);
    server.ensureDatabase(database, database, password);
    LocalPlatformTestResource.kafka().createTopic(topic, partitions, Map.of());
  }

  public static SystemTestPlatform create(String name, int partitions) {
    return new SystemTestPlatform(name, partitions, postgres());
  }

  /**
   * A share whose database lives on {@code server}, a PostgreSQL of the test's own: a test that
   * stops its database must not stop the one other tests use.
   */
  public static SystemTestPlatform create(String name, int partitions, LocalPostgres server) {
    return new SystemTestPlatform(name, partitions, server);
  }

  public static LocalPostgres postgres() {
    return LocalPlatformTestResource.postgres();
  }

  public static String bootstrapServers() {
    return LocalPlatformTestResource.kafka().bootstrapServers();
  }

  /**
   * The environment of a consumer process: endpoints and credentials, never on the command line.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", server.jdbcUrl(database));
    env.put("QUARKUS_DATASOURCE_USERNAME", database);
    env.put("QUARKUS_DATASOURCE_PASSWORD", password);
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
    return env;
  }

  /** System properties of a consumer process reading this test's topic under its consumer name. */
  public Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("onceflow.inbox.topic", topic);
    properties.put("onceflow.inbox.consumer-name", consumerName);
    properties.put("onceflow.inbox.health.lag-refresh-interval", "1s");
    return properties;
  }

  /** Runs {@code sql} (one row, one number) against this test's database as superuser. */
  public long queryLong(String sql, Object... parameters) {
    try (Connection connection = server.connect(database);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        Object value = rows.getObject(1);
        return value == null ? 0 : ((Number) value).longValue();
      }
    } catch (SQLException e) {
      // The schema appears only once the consumer's migrations ran.
      if ("42P01".equals(e.getSQLState())) {
        return -1;
      }
      throw new IllegalStateException(e);
    }
  }

  public BigDecimal queryDecimal(String sql) {
    try (Connection connection = server.connect(database);
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      BigDecimal value = rows.getBigDecimal(1);
      return value == null ? BigDecimal.ZERO : value;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The consumer group's committed offsets. */
  public Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
    try (Admin admin = LocalPlatformTestResource.kafka().admin()) {
      return admin.listConsumerGroupOffsets(consumerName).partitionsToOffsetAndMetadata().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** How many partitions of this test's topic each member of the group holds. */
  public Set<Integer> assignmentSizes() {
    try (Admin admin = LocalPlatformTestResource.kafka().admin()) {
      var group =
          admin
              .describeConsumerGroups(Set.of(consumerName))
              .describedGroups()
              .get(consumerName)
              .get();
      Set<Integer> sizes = new HashSet<>();
      group
          .members()
          .forEach(
              m ->
                  sizes.add(
                      (int)
                          m.assignment().topicPartitions().stream()
                              .filter(tp -> tp.topic().equals(topic))
                              .count()));
      return group.members().size() < 2 ? Set.of() : sizes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
