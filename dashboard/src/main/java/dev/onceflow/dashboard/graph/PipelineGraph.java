package dev.onceflow.dashboard.graph;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.dashboard.graph.GraphView.Edge;
import dev.onceflow.dashboard.graph.GraphView.Node;
import dev.onceflow.dashboard.scrape.Component;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pipeline graph, derived from what the dashboard reads and from nothing it was told: each
 * scrape target is a relay shard or a service by its metrics' tags ({@link TargetRoles}); a service
 * that counts outbox writes for an aggregate writes to that aggregate's topic; a consumer in the
 * inbox journal consumes the topics its entries name, and writes to those {@link CausalWrites}
 * finds; the transactional producers of each topic ({@link ScrapeResult#transactionalWriters()})
 * are the shards that publish it. Thread safe.
 */
public final class PipelineGraph {

  /** Keys remembered to learn who writes what from timing. */
  static final int KEYS = 5_000;

  private final String eventTopicPrefix;
  private final CausalWrites causal = new CausalWrites(KEYS);
  private final Map<String, Long> recordsRead = new TreeMap<>();
  private final Map<String, Map<String, Long>> processed = new TreeMap<>();
  private ScrapeResult scraped;

  public PipelineGraph(String eventTopicPrefix) {
    this.eventTopicPrefix = eventTopicPrefix;
  }

  /** An event record read from an event topic. */
  public synchronized void eventRead(String key, String topic, Instant createdAt) {
    recordsRead.merge(topic, 1L, Long::sum);
    causal.written(key, topic, createdAt);
  }

  /** A consumer's outcome read from the inbox journal. */
  public synchronized void journalRead(InboxJournalEntry entry) {
    if (entry.consumer() == null || entry.topic() == null) {
      return;
    }
    boolean applied = entry.outcome() == InboxJournalEntry.Outcome.PROCESSED;
    processed
        .computeIfAbsent(entry.consumer(), c -> new TreeMap<>())
        .merge(entry.topic(), applied ? 1L : 0L, Long::sum);
    if (applied && !entry.replay()) {
      causal.handled(
          entry.key(), entry.consumer(), entry.topic(), entry.receivedAt(), entry.committedAt());
    }
  }

  /** A scrape round: the targets' roles, their health, the topics' transactional writers. */
  public synchronized void scraped(ScrapeResult result) {
    this.scraped = result;
  }

  public synchronized GraphView view() {
    ScrapeResult round = scraped != null ? scraped : ScrapeResult.empty(Instant.EPOCH);
    Map<String, Node> nodes = new LinkedHashMap<>();
    Set<Edge> edges = new LinkedHashSet<>();
    Map<String, Set<String>> writes = new TreeMap<>(); // writer node id -> topics
    Map<String, Node> hostOf = new TreeMap<>(); // consumer -> its host, as a service node
    Map<String, Double> consumerTotals = new TreeMap<>();

    for (Component target : round.components()) {
      if (target.name().equals(ScrapeResult.KAFKA)) {
        continue;
      }
      TargetRoles roles = TargetRoles.of(round.metrics().get(target.name()));
      roles
          .shards()
          .forEach(
              (shard, total) ->
                  nodes.put(
                      relayId(shard),
                      new Node(
                          relayId(shard),
                          GraphView.RELAY,
                          shard,
                          target.name(),
                          target.status(),
                          total,
                          "events published")));
      Node service =
          new Node(
              "service:" + target.name(),
              GraphView.SERVICE,
              target.name(),
              null,
              target.status(),
              roles.aggregates().isEmpty()
                  ? null
                  : roles.aggregates().values().stream().mapToDouble(d -> d).sum(),
              "events written");
      roles.consumers().keySet().forEach(c -> hostOf.put(c, service));
      consumerTotals.putAll(roles.consumers());
      // A target that only hosts consumers is drawn as them; an unreadable one as itself.
      if (roles.shards().isEmpty()
          && (!roles.aggregates().isEmpty() || roles.consumers().isEmpty())) {
        nodes.put(service.id(), service);
        roles
            .aggregates()
            .keySet()
            .forEach(a -> writes.computeIfAbsent(service.id(), w -> new TreeSet<>()).add(topic(a)));
      }
    }

    causal
        .writers()
        .forEach(
            (consumer, topics) ->
                writes.computeIfAbsent(consumerId(consumer), w -> new TreeSet<>()).addAll(topics));

    // Which shard publishes which topic: a transactional id that names a scraped shard is that
    // shard; any other is a relay known by its transactional id only.
    Map<String, Set<String>> publishers = new TreeMap<>(); // topic -> relay node ids
    round
        .transactionalWriters()
        .forEach(
            (transactionalId, topics) -> {
              String relay = shardOf(transactionalId, nodes);
              if (relay == null) {
                relay = relayId(transactionalId);
                nodes.put(
                    relay,
                    new Node(relay, GraphView.RELAY, transactionalId, null, null, null, null));
              }
              for (String topic : topics) {
                publishers.computeIfAbsent(topic, t -> new TreeSet<>()).add(relay);
              }
            });

    Set<String> topics = new TreeSet<>(recordsRead.keySet());
    round.endOffsets().keySet().forEach(tp -> topics.add(tp.topic()));
    processed.values().forEach(t -> topics.addAll(t.keySet()));
    writes.values().forEach(topics::addAll);
    topics.addAll(publishers.keySet());
    topics.removeIf(t -> !t.startsWith(eventTopicPrefix));
    for (String topic : topics) {
      Long read = recordsRead.get(topic);
      nodes.put(
          topicId(topic),
          new Node(
              topicId(topic),
              GraphView.TOPIC,
              topic,
              null,
              null,
              read == null ? null : read.doubleValue(),
              "records read"));
    }

    Set<String> consumers = new TreeSet<>(processed.keySet());
    consumers.addAll(hostOf.keySet());
    for (String consumer : consumers) {
      Node host = hostOf.get(consumer);
      Double total = consumerTotals.get(consumer);
      if (total == null && processed.containsKey(consumer)) {
        total = processed.get(consumer).values().stream().mapToDouble(Long::doubleValue).sum();
      }
      nodes.put(
          consumerId(consumer),
          new Node(
              consumerId(consumer),
              GraphView.CONSUMER,
              consumer,
              host == null ? null : host.label(),
              host == null ? null : host.health(),
              total,
              "events processed"));
    }

    publishers.forEach(
        (topic, relays) -> {
          if (nodes.containsKey(topicId(topic))) {
            relays.forEach(
                r ->
                    edges.add(
                        new Edge(
                            r, topicId(topic), GraphView.PUBLISHES, "transactional producer")));
          }
        });
    writes.forEach(
        (writer, written) -> {
          String evidence =
              writer.startsWith("consumer:") ? "events written while handling" : "outbox metrics";
          for (String topic : written) {
            if (!nodes.containsKey(topicId(topic))) {
              continue;
            }
            Set<String> relays = publishers.getOrDefault(topic, Set.of());
            if (relays.isEmpty()) {
              edges.add(new Edge(writer, topicId(topic), GraphView.OUTBOX, evidence));
            }
            relays.forEach(r -> edges.add(new Edge(writer, r, GraphView.OUTBOX, evidence)));
          }
        });
    processed.forEach(
        (consumer, read) ->
            read.keySet().stream()
                .filter(t -> nodes.containsKey(topicId(t)))
                .forEach(
                    t ->
                        edges.add(
                            new Edge(
                                topicId(t),
                                consumerId(consumer),
                                GraphView.CONSUMES,
                                "inbox journal"))));

    List<Node> ordered = new ArrayList<>(nodes.values());
    ordered.sort(Comparator.comparingInt(PipelineGraph::rank).thenComparing(Node::id));
    return new GraphView(ordered, List.copyOf(edges));
  }

  private String topic(String aggregate) {
    return eventTopicPrefix + aggregate;
  }

  /** The scraped shard a transactional id names ({@code <anything>-<shard>}), if any. */
  private static String shardOf(String transactionalId, Map<String, Node> nodes) {
    for (Node node : nodes.values()) {
      if (node.kind().equals(GraphView.RELAY)
          && node.host() != null
          && (transactionalId.equals(node.label())
              || transactionalId.endsWith("-" + node.label()))) {
        return node.id();
      }
    }
    return null;
  }

  private static int rank(Node node) {
    return switch (node.kind()) {
      case GraphView.SERVICE -> 0;
      case GraphView.RELAY -> 1;
      case GraphView.TOPIC -> 2;
      default -> 3;
    };
  }

  static String relayId(String shard) {
    return "relay:" + shard;
  }

  static String topicId(String topic) {
    return "topic:" + topic;
  }

  static String consumerId(String consumer) {
    return "consumer:" + consumer;
  }
}
