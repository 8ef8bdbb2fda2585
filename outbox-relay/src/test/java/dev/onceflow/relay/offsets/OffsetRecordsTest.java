package dev.onceflow.relay.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.junit.jupiter.api.Test;

/**
 * Pure logic: the offset record is read back by Kafka Connect's own offset reader, as the embedded
 * engine reads it, with numbers as {@code Long}.
 */
class OffsetRecordsTest {

  @Test
  void theEnginesOwnReaderFindsTheOffsetWithLongNumbers() {
    OffsetRecords records = new OffsetRecords("onceflow-relay-a", "offsets");
    Map<String, Object> partition = Map.of("server", "onceflow-a");
    Map<String, Object> offset = new LinkedHashMap<>();
    offset.put("lsn_proc", 26249304L);
    offset.put("lsn", 26249304L);
    offset.put("txId", 739L);
    offset.put("messageType", "INSERT");
    ProducerRecord<byte[], byte[]> record = records.record(partition, offset);

    assertThat(record.topic()).isEqualTo("offsets");
    assertThat(new String(record.key(), StandardCharsets.UTF_8))
        .isEqualTo("[\"onceflow-relay-a\",{\"server\":\"onceflow-a\"}]");

    RelayOffsetStore store = new RelayOffsetStore();
    store.set(Map.of(ByteBuffer.wrap(record.key()), ByteBuffer.wrap(record.value())), null);
    OffsetStorageReaderImpl reader =
        new OffsetStorageReaderImpl(store, "onceflow-relay-a", converter(true), converter(false));

    Map<String, Object> read = reader.offset(partition);
    assertThat(read).containsEntry("lsn", 26249304L).containsEntry("txId", 739L);
    assertThat(read.get("lsn")).isInstanceOf(Long.class);
    assertThat(records.decodeValue(record.value())).isEqualTo(read);
  }

  @Test
  void setCompletesAtOnceAndCallsBack() throws Exception {
    RelayOffsetStore store = new RelayOffsetStore();
    boolean[] called = {false};
    var future =
        store.set(
            Map.of(ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2})),
            (error, result) -> called[0] = error == null);
    assertThat(future.isDone()).isTrue();
    assertThat(called[0]).isTrue();
  }

  private static JsonConverter converter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), isKey);
    return converter;
  }
}
