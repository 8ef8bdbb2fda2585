package dev.onceflow.relay.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.junit.jupiter.api.Test;

/**
 * The engine's offset store restores what the activation read from the offsets topic after fencing:
 * a takeover reads the topic once, not twice.
 */
class RelayOffsetStoreTest {

  @Test
  void theEngineRestoresTheOffsetsTheActivationReadWithoutReadingTheTopicAgain() throws Exception {
    String engine = "onceflow-relay-store-test";
    // No broker listens here: reading the topic again would fail.
    OffsetsTopic unreachable =
        new OffsetsTopic(
            "offsets", Map.of("bootstrap.servers", "127.0.0.1:1"), Duration.ofMillis(500));
    ByteBuffer key = bytes("[\"" + engine + "\",{\"server\":\"onceflow-a\"}]");
    ByteBuffer value = bytes("{\"lsn\":42}");
    RelayOffsetStore.register(engine, unreachable, Map.of(key, value));
    try {
      RelayOffsetStore store = new RelayOffsetStore();
      store.configure(
          new StandaloneConfig(
              Map.of(
                  "name",
                  engine,
                  "key.converter",
                  JsonConverter.class.getName(),
                  "value.converter",
                  JsonConverter.class.getName(),
                  "offset.storage.file.filename",
                  "unused",
                  "bootstrap.servers",
                  "127.0.0.1:1")));
      store.start();

      assertThat(store.get(List.of(key)).get()).containsEntry(key, value);
      assertThat(store.connectorPartitions(engine)).containsExactly(Map.of("server", "onceflow-a"));
    } finally {
      RelayOffsetStore.unregister(engine);
    }
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
