package dev.onceflow.systemtest;

import dev.onceflow.local.PlatformEndpoints;
import dev.onceflow.local.ServiceProcess;
import java.net.URI;
import java.util.function.Function;

/**
 * Where one scenario's servers are, and its secrets: what the topology fills each service's
 * environment from.
 */
final class ScenarioEndpoints implements PlatformEndpoints {

  private final Infrastructure infrastructure;
  private final String serviceToken;
  private final Function<String, ServiceProcess> processes;

  /**
   * @param processes the process of a service, for the URLs its peers are given
   */
  ScenarioEndpoints(
      Infrastructure infrastructure,
      String serviceToken,
      Function<String, ServiceProcess> processes) {
    this.infrastructure = infrastructure;
    this.serviceToken = serviceToken;
    this.processes = processes;
  }

  @Override
  public String kafkaBootstrapServers() {
    return infrastructure.bootstrapServers();
  }

  @Override
  public int databasePort(String database) {
    return infrastructure.server(database).port();
  }

  @Override
  public String password(String role) {
    return infrastructure.password(role);
  }

  @Override
  public String serviceToken() {
    return serviceToken;
  }

  @Override
  public String adminPassword() {
    throw new UnsupportedOperationException("the system tests run no dashboard");
  }

  @Override
  public URI url(String service) {
    return URI.create("http://127.0.0.1:" + processes.apply(service).httpPort());
  }
}
