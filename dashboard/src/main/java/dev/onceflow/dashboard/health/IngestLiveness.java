package dev.onceflow.dashboard.health;

import dev.onceflow.dashboard.ingest.KafkaIngest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the Kafka ingest thread runs. Kafka being unreachable does not make the dashboard
 * unready: showing that is its job.
 */
@Liveness
@ApplicationScoped
public class IngestLiveness implements HealthCheck {

  private final KafkaIngest ingest;

  IngestLiveness(KafkaIngest ingest) {
    this.ingest = ingest;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("onceflow-dashboard-ingest")
        .status(ingest.alive())
        .withData("lastPoll", String.valueOf(ingest.lastPoll()))
        .build();
  }
}
