package dev.onceflow.relay.publish;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producer properties: the {@code kafka.*} pass-through plus what each guarantee requires. */
public final class ProducerSettings {

  private ProducerSettings() {}

  /**
   * An idempotent transactional producer with a fixed {@code transactional.id}: a new instance of
   * the shard fences the previous one when it initializes its transactions.
   */
  public static Map<String, Object> exactlyOnce(Map<String, String> kafka, String transactionalId) {
    Map<String, Object> properties = common(kafka, transactionalId);
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return properties;
  }

  /** An idempotent producer without transactions. */
  public static Map<String, Object> atLeastOnce(Map<String, String> kafka, String clientId) {
    return common(kafka, clientId);
  }

  private static Map<String, Object> common(Map<String, String> kafka, String clientId) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    properties.putAll(kafka);
    // Consumer- or admin-only keys given under kafka.* would only make the producer warn.
    properties.keySet().retainAll(ProducerConfig.configNames());
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return properties;
  }
}
