package dev.onceflow.systemtest;

import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_DEAD_LETTERED;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_RETRYING;
import static dev.onceflow.contract.metrics.OnceflowMeters.INBOX_TRANSIENT_FAILURES;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.COUNTER;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.GAUGE;
import static dev.onceflow.contract.metrics.OnceflowMeters.Kind.TIMER;
import static dev.onceflow.contract.metrics.OnceflowMeters.prometheus;
import static org.awaitility.Awaitility.await;

import dev.onceflow.local.ServiceProcess;
import dev.onceflow.testkit.PrometheusExposition;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The fault "consumer database outage": inbox-consumer's PostgreSQL (a server of its own) stopped
 * for {@link #OUTAGE} while orders keep flowing, then started again. The consumer must retry the
 * batch without limit — holding its partition, committing nothing, dead-lettering nothing — and say
 * so (readiness DOWN, the transient-failure and retrying gauges up), then commit again once the
 * database is back.
 *
 * <p>{@link #OUTAGE} is longer than the retry budget the consumer used to have: 12 attempts, which
 * with the scenario's backoff (100 ms doubling to 1 s) and pool wait (2 s) ran out within ~33 s and
 * dead-lettered the batch as {@code retries-exhausted}; the ledger's dead letters would show it.
 */
final class ConsumerDatabaseOutage {

  /** How long the fulfillment database stays down. */
  static final Duration OUTAGE = Duration.ofSeconds(45);

  /** The readiness threshold (10 s) plus a loaded machine's slack. */
  private static final Duration SIGNAL = Duration.ofSeconds(90);

  private static final Duration RESUME = Duration.ofMinutes(3);
  private static final Duration POLL = Duration.ofMillis(500);

  /**
   * What the outage showed.
   *
   * @param signalSeconds from the stop until the consumer reported retrying (readiness DOWN, both
   *     gauges above 0)
   * @param downSeconds how long the database was down
   * @param resumedSeconds from the database's start until the consumer committed again (the
   *     transient-failure gauge back to 0)
   * @param transientFailures the most consecutive transient failures the gauge showed
   * @param retryingSeconds the longest retrying time the gauge showed
   */
  record Observed(
      double signalSeconds,
      double downSeconds,
      double resumedSeconds,
      double transientFailures,
      double retryingSeconds) {

    String outcome() {
      return String.format(
          Locale.ROOT,
          "retrying reported after %.1f s (up to %.0f transient failures, %.0f s retrying),"
              + " 0 dead-lettered; committing %.1f s after the restart",
          signalSeconds,
          transientFailures,
          retryingSeconds,
          resumedSeconds);
    }
  }

  private final Infrastructure infrastructure;
  private final ServiceProcess consumer;
  private double transientFailures;
  private double retryingSeconds;

  private ConsumerDatabaseOutage(Infrastructure infrastructure, Services services) {
    this.infrastructure = infrastructure;
    this.consumer = services.consumer();
  }

  /** Stops the fulfillment database, watches the consumer retry, starts it again. */
  static Observed inject(Infrastructure infrastructure, Services services) {
    return new ConsumerDatabaseOutage(infrastructure, services).run();
  }

  private Observed run() {
    int starts = consumer.starts();
    double deadLettered = metric(prometheus(INBOX_DEAD_LETTERED, COUNTER)).orElse(0);
    infrastructure.stopFulfillmentDatabase();
    long stoppedAt = System.nanoTime();
    double signalSeconds;
    double downSeconds;
    try {
      await("inbox-consumer reports that it retries (readiness DOWN, gauges above 0)")
          .atMost(SIGNAL)
          .pollInterval(POLL)
          .until(
              () -> {
                holding(starts, deadLettered);
                return retryingReported();
              });
      signalSeconds = seconds(System.nanoTime() - stoppedAt);
      // Past the old budget, orders still flowing: the consumer keeps retrying, gives nothing up.
      await("fulfillment database down for " + OUTAGE.toSeconds() + " s")
          .atMost(OUTAGE.plus(SIGNAL))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                holding(starts, deadLettered);
                return System.nanoTime() - stoppedAt >= OUTAGE.toNanos();
              });
    } finally {
      infrastructure.startFulfillmentDatabase();
      downSeconds = seconds(System.nanoTime() - stoppedAt);
    }
    long startedAt = System.nanoTime();
    await("inbox-consumer commits again after the outage")
        .atMost(RESUME)
        .pollInterval(POLL)
        .until(
            () -> {
              holding(starts, deadLettered);
              return metric(prometheus(INBOX_TRANSIENT_FAILURES, GAUGE)).orElse(-1) == 0;
            });
    return new Observed(
        signalSeconds,
        downSeconds,
        seconds(System.nanoTime() - startedAt),
        transientFailures,
        retryingSeconds);
  }

  /** Readiness DOWN and both gauges up; notes the gauges' highest values. */
  private boolean retryingReported() {
    OptionalDouble failures = metric(prometheus(INBOX_TRANSIENT_FAILURES, GAUGE));
    OptionalDouble retrying = metric(prometheus(INBOX_RETRYING, TIMER));
    if (failures.isEmpty() || retrying.isEmpty()) {
      return false;
    }
    return failures.getAsDouble() > 0 && retrying.getAsDouble() > 0 && !consumer.isReady();
  }

  /**
   * The consumer neither exited (a restart would hide a give-up) nor dead-lettered anything; a
   * failed check ends the wait at once.
   */
  private void holding(int starts, double deadLettered) {
    if (consumer.starts() != starts || !consumer.isAlive()) {
      throw new IllegalStateException(
          consumer.name() + " exited or was restarted during the database outage");
    }
    OptionalDouble now = metric(prometheus(INBOX_DEAD_LETTERED, COUNTER));
    if (now.isPresent() && now.getAsDouble() > deadLettered) {
      throw new IllegalStateException(
          consumer.name()
              + " dead-lettered "
              + (now.getAsDouble() - deadLettered)
              + " events during the database outage");
    }
    metric(prometheus(INBOX_TRANSIENT_FAILURES, GAUGE))
        .ifPresent(value -> transientFailures = Math.max(transientFailures, value));
    metric(prometheus(INBOX_RETRYING, TIMER))
        .ifPresent(value -> retryingSeconds = Math.max(retryingSeconds, value));
  }

  /**
   * The sum of a series' samples on the consumer's {@code /q/metrics}; empty when the endpoint does
   * not answer (a busy machine) or has no such series yet.
   */
  private OptionalDouble metric(String series) {
    String body;
    try {
      body = consumer.get("/q/metrics").body();
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
    PrometheusExposition metrics = PrometheusExposition.parse(body);
    return metrics.has(series) ? OptionalDouble.of(metrics.sum(series)) : OptionalDouble.empty();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
