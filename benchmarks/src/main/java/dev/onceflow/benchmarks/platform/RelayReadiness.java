package dev.onceflow.benchmarks.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.local.ServiceProcess;
import java.io.IOException;

/** What outbox-relay's readiness check says about it. */
public final class RelayReadiness {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RelayReadiness() {}

  /** The role readiness reports ({@code active}, {@code standby}...), or empty if unreachable. */
  public static String role(ServiceProcess relay) {
    try {
      return JSON.readTree(relay.get(ServiceProcess.QUARKUS_READINESS).body())
          .findPath("role")
          .asText("");
    } catch (IOException e) {
      return "";
    }
  }
}
