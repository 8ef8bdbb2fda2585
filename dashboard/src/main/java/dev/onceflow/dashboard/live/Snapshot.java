package dev.onceflow.dashboard.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.onceflow.dashboard.audit.AuditView;
import dev.onceflow.dashboard.graph.GraphView;
import dev.onceflow.dashboard.journey.JourneyView;
import dev.onceflow.dashboard.scrape.Component;
import dev.onceflow.dashboard.scrape.RelayInstance;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the browser receives about once a second over SSE: everything on the screen except the
 * dead-letter list and journey timelines, which it asks for. {@code stages} are the headline
 * figures of the platform's own services; {@code graph} is the pipeline as the data shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(
    Instant at,
    List<Stage> stages,
    List<Link> links,
    List<Topic> topics,
    Latency latency,
    Point point,
    List<JourneyView> journeys,
    DeadLetters deadLetters,
    List<Alert> alerts,
    List<Component> components,
    List<RelayInstance> relayInstances,
    AuditView audit,
    GraphView graph) {

  /**
   * One box of the pipeline.
   *
   * @param id stable id: order-service, outbox, outbox-relay, kafka, inbox-consumer, effect
   * @param what what {@code rate} counts
   * @param rate per second over the headline window, null when unknown
   * @param total the running total, null when unknown
   * @param health UP, DOWN or UNREACHABLE for components, null for the others
   * @param stalled whether a stall alert stands for this stage
   * @param extra secondary counts (duplicates, dead-lettered…)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Stage(
      String id,
      String label,
      String what,
      Double rate,
      Double total,
      String health,
      boolean stalled,
      Map<String, Double> extra) {

    public static final String ORDER_SERVICE = "order-service";
    public static final String OUTBOX = "outbox";
    public static final String RELAY = "outbox-relay";
    public static final String KAFKA = "kafka";
    public static final String INBOX = "inbox-consumer";
    public static final String EFFECT = "effect";
  }

  /** The lag between two stages. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Link(String from, String to, String label, Double value, String unit) {}

  /** An event topic and its partitions. */
  public record Topic(String name, double rate, List<Partition> partitions) {}

  /**
   * A partition: {@code end} is one past the last record read (or the broker's end offset), {@code
   * committed} the inbox group's offset (-1: none), {@code lag} records not yet committed.
   */
  public record Partition(int partition, long end, long committed, long lag) {}

  /**
   * End-to-end latency (outbox write to the consumer's commit) over the headline window, and the
   * publish latency (outbox write to the Kafka record).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Latency(
      Double p50,
      Double p99,
      long count,
      int windowSeconds,
      Double publishP50,
      Double publishP99,
      String source) {}

  /** One chart point: second {@code t} (epoch), rates per second and latency percentiles in ms. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Point(
      long t,
      Double written,
      Double published,
      Double processed,
      Double deadLettered,
      Double p50,
      Double p99) {}

  /** Dead letters seen on the topic since the dashboard started, by reason. */
  public record DeadLetters(long seen, Map<String, Long> byReason) {}

  /** Something that needs a person's attention. */
  public record Alert(String severity, String stage, String message, Instant since) {}
}
