package dev.onceflow.relay.publish;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Asks the broker, once per topic, whether it exists. A missing topic is refused only when the
 * broker does not create topics ({@code auto.create.topics.enable=false}); if the relay may not
 * read the broker's configuration, it assumes the broker creates them, as the relay did before this
 * check.
 */
public final class BrokerTopicCheck implements TopicCheck {

  private static final Logger LOG = Logger.getLogger(BrokerTopicCheck.class);
  private static final String AUTO_CREATE = "auto.create.topics.enable";

  private final Admin admin;
  private final Duration timeout;
  private final Set<String> existing = ConcurrentHashMap.newKeySet();
  private volatile Boolean brokerCreatesTopics;

  /**
   * @param admin the relay's admin client (closed by its owner)
   * @param timeout how long to wait for each answer
   */
  public BrokerTopicCheck(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  @Override
  public Optional<ApiException> refusal(String topic) {
    if (existing.contains(topic)) {
      return Optional.empty();
    }
    try {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      existing.add(topic);
      return Optional.empty();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InvalidTopicException invalid) {
        return Optional.of(invalid);
      }
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return brokerCreatesTopics()
            ? Optional.empty()
            : Optional.of(
                new UnknownTopicOrPartitionException(
                    "topic "
                        + topic
                        + " does not exist and the broker does not create topics ("
                        + AUTO_CREATE
                        + "=false)"));
      }
      throw new KafkaException("could not describe topic " + topic, e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new KafkaException("no answer describing topic " + topic + " within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private boolean brokerCreatesTopics() {
    Boolean known = brokerCreatesTopics;
    if (known != null) {
      return known;
    }
    try {
      Node node =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
              .findFirst()
              .orElseThrow(() -> new KafkaException("the cluster reports no broker"));
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
      Map<ConfigResource, Config> configs =
          admin
              .describeConfigs(List.of(broker))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      ConfigEntry entry = configs.get(broker).get(AUTO_CREATE);
      known = entry == null || Boolean.parseBoolean(entry.value());
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warnf(
          e,
          "Cannot read the broker's %s; assuming it creates missing topics, so an event on a"
              + " missing topic waits for max.block.ms on every attempt",
          AUTO_CREATE);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
    brokerCreatesTopics = known;
    return known;
  }
}
