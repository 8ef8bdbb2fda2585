package dev.onceflow.core.inbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record as it arrived, before decoding: key, value bytes, headers as UTF-8 strings (the last
 * value wins when a header repeats) and its coordinates. It is also what a parked event or a dead
 * letter stores so that it can be decoded again later.
 */
public record EventEnvelope(
    String key,
    byte[] value,
    Map<String, String> headers,
    String topic,
    int partition,
    long offset) {

  /** The envelope of a consumed record. */
  public static EventEnvelope of(ConsumerRecord<String, byte[]> record) {
    return of(
        record.key(),
        record.value(),
        record.headers(),
        record.topic(),
        record.partition(),
        record.offset());
  }

  /** The envelope of a record consumed through SmallRye. */
  public static EventEnvelope of(
      String key, byte[] value, Headers headers, String topic, int partition, long offset) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Header header : headers) {
      map.put(
          header.key(),
          header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return new EventEnvelope(key, value, map, topic, partition, offset);
  }

  /** The header's value, or {@code null}. */
  public String header(String name) {
    return headers.get(name);
  }
}
