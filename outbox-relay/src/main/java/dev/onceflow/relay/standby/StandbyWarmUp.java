package dev.onceflow.relay.standby;

import dev.onceflow.relay.engine.RelayEngine;
import dev.onceflow.relay.publish.ProducerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * Runs, once, the Kafka client code an activation runs first, without any effect on the shard: an
 * admin client lists the relay's topics and a producer <em>without</em> a transactional id reads
 * their metadata. It sends nothing and initializes no transactions, so it fences nobody.
 *
 * <p>Preloading ({@link ActivationClasses}) only loads classes; the first use still initializes
 * them (static initializers, the clients' config definitions, metrics, the network layer), which on
 * a busy machine costs an activation hundreds of milliseconds. A standby pays that while it waits.
 * Topics that do not exist are skipped, never created (a producer's metadata request could create
 * the compacted offsets topic as an ordinary one).
 */
public final class StandbyWarmUp implements Runnable {

  private static final Logger LOG = Logger.getLogger(StandbyWarmUp.class);
  private static final long TIMEOUT_SECONDS = 30;

  private final Map<String, String> kafka;
  private final String clientId;
  private final Set<String> topics;

  /**
   * @param kafka the {@code kafka.*} pass-through properties
   * @param clientId the shard's producer client id; the warm-up's clients append {@code -warm-up}
   * @param topics the relay's own topics (offsets, dead letters)
   */
  public StandbyWarmUp(Map<String, String> kafka, String clientId, Set<String> topics) {
    this.kafka = kafka;
    this.clientId = clientId + "-warm-up";
    this.topics = Set.copyOf(topics);
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    try (Admin admin = Admin.create(RelayEngine.adminProperties(kafka))) {
      List<String> existing =
          admin.listTopics().listings().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
              .map(TopicListing::name)
              .filter(topics::contains)
              .toList();
      if (!existing.isEmpty()) {
        admin.describeTopics(existing).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(ProducerSettings.atLeastOnce(kafka, clientId))) {
        for (String topic : existing) {
          producer.partitionsFor(topic);
        }
        producer.close(Duration.ZERO);
      }
      LOG.infof(
          "Warmed up the Kafka clients of an activation in %d ms, for a faster takeover",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      LOG.debugf(e, "Warming up the Kafka clients failed; an activation does it itself");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
