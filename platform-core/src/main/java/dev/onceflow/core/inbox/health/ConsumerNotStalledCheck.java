package dev.onceflow.core.inbox.health;

import dev.onceflow.core.inbox.InboxConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: DOWN when the consumer is stalled (lag growing, nothing handled for {@code
 * onceflow.inbox.health.stall-threshold}), so that the platform restarts it. Kafka and database
 * health come from SmallRye Reactive Messaging's and Agroal's own checks.
 */
@Liveness
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class ConsumerNotStalledCheck implements HealthCheck {

  public static final String NAME = "onceflow-inbox-consumer";

  private final ConsumerLagMonitor monitor;

  ConsumerNotStalledCheck(ConsumerLagMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME).status(!monitor.stalled()).withData("lag", monitor.lag());
    if (monitor.unservedSince() != null) {
      response.withData("lagGrowingSince", monitor.unservedSince().toString());
    }
    if (monitor.lagError() != null) {
      response.withData("lagError", monitor.lagError());
    }
    return response.build();
  }
}
