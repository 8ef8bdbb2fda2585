package dev.onceflow.dashboard.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The pipeline as a graph, derived from what the dashboard reads: the services and relay shards it
 * scrapes, the event topics it sees, the consumers in the inbox journal, and which of them writes
 * where.
 *
 * @param nodes services, relay shards, topics and consumers
 * @param edges who writes, publishes and consumes what
 */
public record GraphView(List<Node> nodes, List<Edge> edges) {

  /** Node kinds, in the order the pipeline flows. */
  public static final String SERVICE = "service";

  public static final String RELAY = "relay";
  public static final String TOPIC = "topic";
  public static final String CONSUMER = "consumer";

  /** Edge kinds. */
  public static final String OUTBOX = "outbox";

  public static final String PUBLISHES = "publishes";
  public static final String CONSUMES = "consumes";

  /**
   * One node.
   *
   * @param id {@code kind:name}, e.g. {@code consumer:payments}, {@code topic:outbox.event.order}
   * @param kind service, relay, topic or consumer
   * @param label its name
   * @param host the scrape target it runs in (a consumer's service, a shard's relay process)
   * @param health the host's health (UP, DOWN, UNREACHABLE), null when not scraped
   * @param total what {@code what} counts, null when unknown
   * @param what events written / published / read / processed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Node(
      String id,
      String kind,
      String label,
      String host,
      String health,
      Double total,
      String what) {}

  /**
   * One edge.
   *
   * @param from a node id
   * @param to a node id
   * @param kind outbox (writes events through its outbox), publishes (a shard to a topic), consumes
   * @param evidence what it was derived from
   */
  public record Edge(String from, String to, String kind, String evidence) {}
}
