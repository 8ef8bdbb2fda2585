package dev.onceflow.local;

import dev.onceflow.contract.ServiceDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environment a service of {@link PlatformTopology} is started with, in two parts: {@code
 * settings} (endpoints, names; what Kubernetes keeps in {@code k8s/base/config/<service>.env}) and
 * {@code credentials} (user names, passwords, tokens; what Kubernetes keeps in Secrets). The HTTP
 * port is not in it: {@link ServiceProcess} passes it.
 */
public record ServiceEnvironment(Map<String, String> settings, Map<String, String> credentials) {

  /** Kafka's bootstrap servers, for the Kafka client and SmallRye's connector alike. */
  public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

  /** The interface Quarkus listens on: loopback in local runs. */
  public static final String HTTP_HOST = "QUARKUS_HTTP_HOST";

  public static final String JDBC_URL = "QUARKUS_DATASOURCE_JDBC_URL";
  public static final String JDBC_USERNAME = "QUARKUS_DATASOURCE_USERNAME";
  public static final String JDBC_PASSWORD = "QUARKUS_DATASOURCE_PASSWORD";

  /** The relay names its transactional.id, lock and offsets after its shard: the database. */
  public static final String RELAY_SHARD = "ONCEFLOW_RELAY_SHARD_ID";

  // The relay reads the WAL over a replication connection with its own keys, not a datasource.
  public static final String RELAY_HOST = "ONCEFLOW_RELAY_DATABASE_HOST";
  public static final String RELAY_PORT = "ONCEFLOW_RELAY_DATABASE_PORT";
  public static final String RELAY_DATABASE = "ONCEFLOW_RELAY_DATABASE_NAME";

  /** The slot whose existence an owner checks before it records an event (platform-core). */
  public static final String OUTBOX_SLOT = "ONCEFLOW_OUTBOX_REPLICATION_SLOT";

  /** The shard's replication slot ({@link PlatformTopology#slotOf}). */
  public static final String RELAY_SLOT = "ONCEFLOW_RELAY_SLOT";

  public static final String RELAY_USER = "ONCEFLOW_RELAY_DATABASE_USER";
  public static final String RELAY_PASSWORD = "ONCEFLOW_RELAY_DATABASE_PASSWORD";

  public ServiceEnvironment {
    settings = Map.copyOf(settings);
    credentials = Map.copyOf(credentials);
  }

  /** Settings and credentials together, to hand to a process. */
  public Map<String, String> all() {
    Map<String, String> all = new LinkedHashMap<>(settings);
    all.putAll(credentials);
    return all;
  }

  static ServiceEnvironment of(PlatformService service, PlatformEndpoints endpoints) {
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> credentials = new LinkedHashMap<>();
    // Local runs listen on loopback only; a packaged Quarkus app would listen on every interface.
    settings.put(HTTP_HOST, LocalPostgres.HOST);
    if (service.needsKafka()) {
      settings.put(KAFKA_BOOTSTRAP_SERVERS, endpoints.kafkaBootstrapServers());
    }
    service
        .grant()
        .ifPresent(
            grant -> {
              String database = grant.database();
              String host = endpoints.databaseHost(database);
              int port = endpoints.databasePort(database);
              switch (grant.access()) {
                case OWNER -> {
                  settings.put(JDBC_URL, "jdbc:postgresql://" + host + ":" + port + "/" + database);
                  credentials.put(JDBC_USERNAME, grant.role());
                  credentials.put(JDBC_PASSWORD, endpoints.password(grant.role()));
                }
                case REPLICATION -> {
                  settings.put(RELAY_SHARD, database);
                  settings.put(RELAY_HOST, host);
                  settings.put(RELAY_PORT, Integer.toString(port));
                  settings.put(RELAY_DATABASE, database);
                  settings.put(RELAY_SLOT, PlatformTopology.slotOf(database));
                  credentials.put(RELAY_USER, grant.role());
                  credentials.put(RELAY_PASSWORD, endpoints.password(grant.role()));
                }
              }
            });
    service
        .serviceTokenVariable()
        .ifPresent(variable -> credentials.put(variable, endpoints.serviceToken()));
    service
        .peerUrls()
        .forEach((variable, peer) -> settings.put(variable, endpoints.url(peer).toString()));
    service
        .peerDirectories()
        .forEach(
            (variable, peers) ->
                settings.put(
                    variable,
                    ServiceDirectory.format(
                        peers.stream()
                            .collect(
                                Collectors.toMap(
                                    peer -> peer,
                                    endpoints::url,
                                    (a, b) -> a,
                                    LinkedHashMap::new)))));
    if (!service.adminLogin().isEmpty()) {
      credentials.put(service.adminLogin().get(0), PlatformTopology.DASHBOARD_ADMIN);
      credentials.put(service.adminLogin().get(1), endpoints.adminPassword());
    }
    return new ServiceEnvironment(settings, credentials);
  }
}
