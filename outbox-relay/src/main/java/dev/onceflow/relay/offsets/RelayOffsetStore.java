package dev.onceflow.relay.offsets;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;
import org.jboss.logging.Logger;

/**
 * The exactly-once relay's offset store, as Debezium's embedded engine sees it.
 *
 * <p>It writes nothing: the relay already committed each batch's offset in the batch's own Kafka
 * transaction. On start it restores the latest committed offsets from the offsets topic; {@link
 * #set} only keeps the engine's view current and completes at once, so that the engine goes on to
 * confirm the replication slot up to what Kafka committed.
 *
 * <p>The engine instantiates this class by name; it finds its offsets topic, and the offsets the
 * activation already read from it, through {@link #register}, keyed by the engine's name.
 */
public class RelayOffsetStore implements OffsetBackingStore {

  private static final Logger LOG = Logger.getLogger(RelayOffsetStore.class);
  private static final ConcurrentMap<String, Registration> REGISTERED = new ConcurrentHashMap<>();

  private final Map<ByteBuffer, ByteBuffer> data = new ConcurrentHashMap<>();
  private String engineName;
  private Registration registration;

  /** An engine's offsets topic and what it held, read once after {@code initTransactions()}. */
  private record Registration(OffsetsTopic topic, Map<ByteBuffer, ByteBuffer> committed) {}

  /** Instantiated by the engine. */
  public RelayOffsetStore() {}

  /**
   * Makes {@code topic} the offsets store of the engine named {@code engineName}, which restores
   * {@code committed}: the topic's committed offsets, read after this activation's {@code
   * initTransactions()}. Nothing can commit to the topic for the shard from then on but this
   * activation, so reading it again at the engine's start would only find the same (and cost the
   * takeover a consumer and a read of the whole topic).
   */
  public static void register(
      String engineName, OffsetsTopic topic, Map<ByteBuffer, ByteBuffer> committed) {
    REGISTERED.put(engineName, new Registration(topic, Map.copyOf(committed)));
  }

  /** Forgets the engine's offsets topic. */
  public static void unregister(String engineName) {
    REGISTERED.remove(engineName);
  }

  @Override
  public void configure(WorkerConfig config) {
    engineName = config.originalsStrings().get("name");
    registration = REGISTERED.get(engineName);
    if (registration == null) {
      throw new ConnectException("no offsets topic registered for the engine " + engineName);
    }
  }

  @Override
  public void start() {
    data.clear();
    data.putAll(registration.committed());
    LOG.infof(
        "Restored %d committed offset(s) of engine %s from %s",
        data.size(), engineName, registration.topic().name());
  }

  @Override
  public void stop() {}

  @Override
  public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
    Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
    for (ByteBuffer key : keys) {
      result.put(key, data.get(key));
    }
    return CompletableFuture.completedFuture(result);
  }

  @Override
  public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
    values.forEach(
        (key, value) -> {
          if (value == null) {
            data.remove(key);
          } else {
            data.put(key, value);
          }
        });
    // Completing here is what lets the engine go on to confirm the slot; the offsets are already
    // durable in Kafka, committed with the events they cover.
    if (callback != null) {
      callback.onCompletion(null, null);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    OffsetRecords records = new OffsetRecords(connectorName, registration.topic().name());
    Set<Map<String, Object>> partitions = new HashSet<>();
    for (ByteBuffer key : data.keySet()) {
      byte[] bytes = new byte[key.remaining()];
      key.duplicate().get(bytes);
      List<Object> decoded = records.decodeKey(bytes);
      if (decoded.size() == 2 && connectorName.equals(decoded.get(0))) {
        @SuppressWarnings("unchecked")
        Map<String, Object> partition = (Map<String, Object>) decoded.get(1);
        partitions.add(partition);
      }
    }
    return partitions;
  }
}
