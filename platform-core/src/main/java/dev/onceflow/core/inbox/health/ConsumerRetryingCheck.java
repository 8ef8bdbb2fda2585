package dev.onceflow.core.inbox.health;

import dev.onceflow.core.inbox.InboxConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while the consumer has been retrying a transient failure (database down, pool
 * exhausted) for longer than {@code onceflow.inbox.health.retrying-threshold}. The consumer holds
 * the batch and its offset and retries without limit, so nothing is dead-lettered; this check (and
 * the gauges) is what makes the stall visible. It is readiness, not liveness: a restart cannot cure
 * an outage of the database, the retry loop is the cure.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class ConsumerRetryingCheck implements HealthCheck {

  public static final String NAME = "onceflow-inbox-retrying";

  private final RetryingBatches retrying;
  private final Duration threshold;

  ConsumerRetryingCheck(RetryingBatches retrying, InboxConfig config) {
    this.retrying = retrying;
    this.threshold = config.health().retryingThreshold();
  }

  @Override
  public HealthCheckResponse call() {
    Duration since = retrying.retrying();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME)
            .status(retrying.retryingSince() == null || since.compareTo(threshold) <= 0)
            .withData("transientFailures", retrying.failures());
    if (retrying.retryingSince() != null) {
      response.withData("retryingSince", retrying.retryingSince().toString());
      response.withData("lastFailure", String.valueOf(retrying.lastFailure()));
    }
    return response.build();
  }
}
