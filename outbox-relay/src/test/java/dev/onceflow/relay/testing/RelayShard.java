package dev.onceflow.relay.testing;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.local.LocalKafka;
import dev.onceflow.local.LocalPlatformTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one system test owns: a database with the outbox, a shard id, a slot, topics. The
 * relay processes it starts are closed with it.
 */
public final class RelayShard implements AutoCloseable {

  /** Partitions of the event topic: per-key order must hold across several. */
  public static final int EVENT_PARTITIONS = 3;

  private final String name;
  private final OutboxDatabase database;
  private final LocalKafka kafka;
  private final Path offsetsFile;
  private final List<RelayProcess> relays = new ArrayList<>();
  private int started;

  private RelayShard(String name, OutboxDatabase database, LocalKafka kafka) {
    this.name = name;
    this.database = database;
    this.kafka = kafka;
    // A file left by an earlier run would point into another PostgreSQL cluster's WAL.
    try {
      this.offsetsFile =
          Files.createTempDirectory(Path.of("target"), "relay-offsets-")
              .resolve(name + ".offsets")
              .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new shard named {@code name} (lower-case letters, digits, '_'), on the JVM's platform. */
  public static RelayShard create(String name) {
    return create(name, LocalPlatformTestResource.kafka());
  }

  /** A new shard named {@code name} on the JVM's PostgreSQL and on {@code kafka}. */
  public static RelayShard create(String name, LocalKafka kafka) {
    OutboxDatabase database = OutboxDatabase.create(LocalPlatformTestResource.postgres(), name);
    RelayShard shard = new RelayShard(name, database, kafka);
    kafka.createTopic(shard.eventTopic(), EVENT_PARTITIONS, Map.of());
    return shard;
  }

  public OutboxDatabase database() {
    return database;
  }

  public String shardId() {
    return name;
  }

  public String slot() {
    return name + "_slot";
  }

  public String topicPrefix() {
    return name + "." + OnceflowTopics.EVENT_TOPIC_PREFIX;
  }

  /** The topic of {@code order} events. */
  public String eventTopic() {
    return topicPrefix() + "order";
  }

  public String offsetsTopic() {
    return name + "." + OnceflowTopics.RELAY_OFFSETS;
  }

  /** The relay's dead-letter topic for this shard. */
  public String deadLetterTopic() {
    return name + "." + OnceflowTopics.RELAY_DEAD_LETTERS;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The relay's configuration for this shard, in {@code delivery} mode. */
  public Map<String, String> relayConfig(String delivery) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("onceflow.relay.delivery", delivery);
    config.put("onceflow.relay.shard-id", name);
    config.put("onceflow.relay.database.host", "127.0.0.1");
    config.put("onceflow.relay.database.port", Integer.toString(database.port()));
    config.put("onceflow.relay.database.name", database.name());
    config.put("onceflow.relay.database.user", database.relayRole());
    config.put("onceflow.relay.slot", slot());
    config.put("onceflow.relay.topic-prefix", topicPrefix());
    config.put("onceflow.relay.offsets-topic", offsetsTopic());
    config.put("onceflow.relay.dead-letter-topic", deadLetterTopic());
    config.put("onceflow.relay.offsets-file", offsetsFile.toString());
    config.put("onceflow.relay.heartbeat-interval", "1s");
    config.put("onceflow.relay.slot-release-timeout", "2s");
    config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    return config;
  }

  /** A relay process for this shard (not started), closed with the shard. */
  public RelayProcess relay(String delivery, Map<String, String> overrides) {
    Map<String, String> config = relayConfig(delivery);
    config.putAll(overrides);
    RelayProcess relay =
        RelayProcess.of(config, database.relayPassword(), name + "-" + (++started) + ".log");
    relays.add(relay);
    return relay;
  }

  /** A {@code read_committed} reader of this shard's event topic. */
  public EventTopics events() {
    return new EventTopics(kafka.bootstrapServers(), List.of(eventTopic()));
  }

  @Override
  public void close() {
    relays.forEach(RelayProcess::close);
    database.dropSlots();
  }
}
