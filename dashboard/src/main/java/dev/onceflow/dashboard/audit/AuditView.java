package dev.onceflow.dashboard.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The audit as the browser sees it, in every snapshot.
 *
 * @param since when the audit started: what was published or written before is not judged
 * @param proved "proved once" counts: {@code written→published} (written events found on Kafka),
 *     {@code published} (event ids read at exactly one offset), and per consumer the events it
 *     applied exactly once
 * @param anomalies anomalies found since {@code since}, all kinds
 * @param tallies anomalies per consumer and kind
 * @param latest the latest anomalies, newest first
 * @param unaudited events the audit forgot before it could judge them (its bounds were too small
 *     for the rate) or could not join (an aggregate forgotten): neither proved nor an anomaly
 * @param tracked events and aggregates held in memory now
 * @param journeys proof of each journey in the snapshot: {@code once}, {@code pending}, or the
 *     kinds of its anomalies
 * @param alerts the audit's standing alerts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditView(
    Instant since,
    Map<String, Object> proved,
    long anomalies,
    List<Tally> tallies,
    List<Anomaly> latest,
    long unaudited,
    Map<String, Integer> tracked,
    Map<String, String> journeys,
    List<Alert> alerts) {

  /** Anomalies of one consumer and kind. */
  public record Tally(String consumer, Anomaly.Kind kind, long count) {}

  /** An anomaly found within the alert window. */
  public record Alert(String consumer, String message, Instant since) {}
}
