package dev.onceflow.relay.health;

import dev.onceflow.relay.Relay;
import dev.onceflow.relay.RelayConfig;
import dev.onceflow.relay.RelayState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means able to do this instance's job in its current role.
 *
 * <ul>
 *   <li>Active: the engine streams from the slot, the slot is active, Kafka answers, and no batch
 *       is waiting for a retry.
 *   <li>Standby: ready to take over: the source database and Kafka answer. A standby is ready so
 *       that a PodDisruptionBudget over two replicas counts it as healthy and lets either one be
 *       evicted, never both; the {@code role} in the response tells them apart.
 *   <li>Starting, activating, fenced, halted (with the reason) or stopped: not ready.
 * </ul>
 */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

  private final Relay relay;
  private final RelayConfig config;
  private final KafkaReachability kafka;

  RelayReadiness(Relay relay, RelayConfig config, KafkaReachability kafka) {
    this.relay = relay;
    this.config = config;
    this.kafka = kafka;
  }

  @Override
  public HealthCheckResponse call() {
    RelayState state = relay.state();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("onceflow-relay")
            .withData("shard", config.shardId())
            .withData("role", state.name().toLowerCase(Locale.ROOT));
    return switch (state) {
      case ACTIVE -> {
        boolean streaming = relay.streaming();
        boolean slotActive = relay.slot().active();
        boolean kafkaReachable = kafka.reachable();
        boolean retrying = relay.retrying();
        yield response
            .withData("streaming", streaming)
            .withData("slotActive", slotActive)
            .withData("kafkaReachable", kafkaReachable)
            .withData("retrying", retrying)
            .status(streaming && slotActive && kafkaReachable && !retrying)
            .build();
      }
      case STANDBY -> {
        boolean databaseReachable = relay.databaseReachable();
        boolean kafkaReachable = kafka.reachable();
        yield response
            .withData("databaseReachable", databaseReachable)
            .withData("kafkaReachable", kafkaReachable)
            .status(databaseReachable && kafkaReachable)
            .build();
      }
      case HALTED -> response.withData("halted", relay.haltedBecause()).down().build();
      default -> response.down().build();
    };
  }
}
