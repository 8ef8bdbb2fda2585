package dev.onceflow.relay.testing;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalPlatformTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives an in-process relay its own database (outbox migration applied, least-privilege relay
 * role), shard, slot and topics, on the JVM's shared PostgreSQL and Kafka.
 */
public class RelayTestResource implements QuarkusTestResourceLifecycleManager {

  private static final AtomicInteger STARTS = new AtomicInteger();

  private OutboxDatabase database;

  @Override
  public Map<String, String> start() {
    String name = "relay_qt_" + STARTS.incrementAndGet() + "_" + ProcessHandle.current().pid();
    database = OutboxDatabase.create(LocalPlatformTestResource.postgres(), name);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.devservices.enabled", "false");
    config.put("onceflow.relay.shard-id", name);
    config.put("onceflow.relay.database.host", "127.0.0.1");
    config.put("onceflow.relay.database.port", Integer.toString(database.port()));
    config.put("onceflow.relay.database.name", name);
    config.put("onceflow.relay.database.user", database.relayRole());
    config.put("onceflow.relay.database.password", database.relayPassword());
    config.put("onceflow.relay.slot", name + "_slot");
    config.put("onceflow.relay.topic-prefix", name + "." + OnceflowTopics.EVENT_TOPIC_PREFIX);
    config.put("onceflow.relay.offsets-topic", name + ".relay.offsets");
    config.put("onceflow.relay.heartbeat-interval", "500ms");
    config.put("kafka.bootstrap.servers", LocalPlatformTestResource.kafka().bootstrapServers());
    return config;
  }

  @Override
  public void stop() {
    if (database != null) {
      database.dropSlots();
    }
  }
}
