package dev.onceflow.relay.offsets;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Source offsets in the embedded engine's own format, so that Debezium reads back exactly what the
 * relay wrote: Kafka Connect's {@link JsonConverter} without schemas, key {@code [engineName,
 * sourcePartition]}, value the offset map. Reading them back through the same converter yields
 * numbers as {@code Long}, which is what Debezium's PostgreSQL offset expects.
 */
public final class OffsetRecords {

  private final String engineName;
  private final String topic;
  private final JsonConverter keyConverter = converter(true);
  private final JsonConverter valueConverter = converter(false);

  /**
   * @param engineName the Debezium engine's {@code name}: the namespace of its offsets
   * @param topic the compacted offsets topic
   */
  public OffsetRecords(String engineName, String topic) {
    this.engineName = engineName;
    this.topic = topic;
  }

  /** The record storing {@code offset} as the latest position of {@code partition}. */
  public ProducerRecord<byte[], byte[]> record(Map<String, ?> partition, Map<String, ?> offset) {
    return new ProducerRecord<>(topic, key(partition), value(offset));
  }

  /** The serialized key of {@code partition}'s offset. */
  public byte[] key(Map<String, ?> partition) {
    return keyConverter.fromConnectData(engineName, null, Arrays.asList(engineName, partition));
  }

  /** The serialized offset. */
  public byte[] value(Map<String, ?> offset) {
    return valueConverter.fromConnectData(engineName, null, offset);
  }

  /** The offset stored in {@code value}, as the engine reads it. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> decodeValue(byte[] value) {
    return (Map<String, Object>) valueConverter.toConnectData(engineName, value).value();
  }

  /** The engine name and source partition stored in {@code key}. */
  @SuppressWarnings("unchecked")
  public List<Object> decodeKey(byte[] key) {
    return (List<Object>) keyConverter.toConnectData(engineName, key).value();
  }

  private static JsonConverter converter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), isKey);
    return converter;
  }
}
