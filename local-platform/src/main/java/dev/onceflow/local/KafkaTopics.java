package dev.onceflow.local;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic creation on a local broker, this JVM's or another's (the launcher's, a benchmark's). */
public final class KafkaTopics {

  private KafkaTopics() {}

  /**
   * Creates a topic with one replica on the broker at {@code bootstrapServers} unless it exists,
   * and returns once every partition has a leader. An existing topic is left as it is.
   *
   * @param config topic-level configuration, e.g. {@code cleanup.policy=compact}
   */
  public static void create(
      String bootstrapServers, String name, int partitions, Map<String, String> config) {
    create(bootstrapServers, name, partitions, 1, config);
  }

  /**
   * Creates a topic with {@code replicas} replicas on the cluster at {@code bootstrapServers}
   * unless it exists, and returns once every partition has a leader.
   */
  public static void create(
      String bootstrapServers,
      String name,
      int partitions,
      int replicas,
      Map<String, String> config) {
    try (Admin admin = LocalKafka.admin(bootstrapServers)) {
      try {
        admin
            .createTopics(List.of(new NewTopic(name, partitions, (short) replicas).configs(config)))
            .all()
            .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + name, e.getCause());
        }
      }
      awaitLeaders(admin, name);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topic " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    }
  }

  /**
   * The controller acknowledges a new topic before the broker's metadata cache serves it: a client
   * that describes or produces at once gets "does not host this topic-partition". Returning only
   * when every partition has a leader keeps that race out of the services and tests.
   */
  private static void awaitLeaders(Admin admin, String name)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        TopicDescription description =
            admin.describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name);
        if (description.partitions().stream().allMatch(p -> p.leader() != null)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("cannot describe topic " + name, e.getCause());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "topic " + name + " has no leader for every partition after 30 s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
