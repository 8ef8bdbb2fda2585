package dev.onceflow.core.security;

import dev.onceflow.contract.security.ServiceToken;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds the service's expected token, read once from {@code onceflow.service-token}. Created at
 * start-up: a service without a usable token fails to start, naming the key, before it serves
 * anything.
 */
@ApplicationScoped
public class ServiceTokenCheck {

  private final ExpectedServiceToken expected;

  ServiceTokenCheck(@ConfigProperty(name = ServiceToken.CONFIG_KEY) Optional<String> configured) {
    this.expected = ExpectedServiceToken.of(configured);
  }

  /** Runs with the other configuration checks (priority 1), before any other start-up work. */
  void check(@Observes @Priority(1) StartupEvent event) {
    // Observing the event is what creates this bean at start-up; the constructor did the check.
  }

  /** Whether the value of an {@code Authorization} header (null when absent) presents the token. */
  public boolean accepts(String authorization) {
    return expected.acceptsHeader(authorization);
  }
}
