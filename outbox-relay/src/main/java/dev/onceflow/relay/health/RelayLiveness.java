package dev.onceflow.relay.health;

import dev.onceflow.relay.Relay;
import dev.onceflow.relay.RelayState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive unless fenced: a fenced instance must be restarted (it then comes back as a standby). */
@Liveness
@ApplicationScoped
public class RelayLiveness implements HealthCheck {

  private final Relay relay;

  RelayLiveness(Relay relay) {
    this.relay = relay;
  }

  @Override
  public HealthCheckResponse call() {
    RelayState state = relay.state();
    return HealthCheckResponse.named("onceflow-relay-alive")
        .withData("state", state.name().toLowerCase(Locale.ROOT))
        .status(state != RelayState.FENCED)
        .build();
  }
}
