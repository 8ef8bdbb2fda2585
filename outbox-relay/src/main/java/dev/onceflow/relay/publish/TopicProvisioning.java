package dev.onceflow.relay.publish;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics the relay owns (offsets, dead letters), where the broker may not. */
public final class TopicProvisioning {

  private TopicProvisioning() {}

  /**
   * Creates {@code topic} unless it exists.
   *
   * @param purpose what the topic is for, named in the error
   * @return whether this call created it
   * @throws IllegalStateException if it could not be created
   */
  public static boolean ensure(Admin admin, NewTopic topic, String purpose) {
    try {
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new IllegalStateException(
          "cannot create the " + purpose + " topic " + topic.name(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "timed out creating the " + purpose + " topic " + topic.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted creating the " + purpose + " topic " + topic.name(), e);
    }
  }
}
