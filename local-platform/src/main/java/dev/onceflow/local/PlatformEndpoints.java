package dev.onceflow.local;

import java.net.URI;

/**
 * Where one running platform's pieces are and what its secrets are: what {@link PlatformTopology}
 * needs to say what each service is started with. The launcher, the system tests and the benchmarks
 * each implement it for their own servers (one PostgreSQL server or several, fixed or free ports).
 */
public interface PlatformEndpoints {

  /** {@code host:port} of the Kafka broker. */
  String kafkaBootstrapServers();

  /** The host of the PostgreSQL server that holds {@code database}. */
  default String databaseHost(String database) {
    return LocalPostgres.HOST;
  }

  /** The port of the PostgreSQL server that holds {@code database}. */
  int databasePort(String database);

  /** The password of database role {@code role}. */
  String password(String role);

  /** The token services present to each other. */
  String serviceToken();

  /** The dashboard admin's password (only asked for by a service with an admin login). */
  String adminPassword();

  /** The base URL of the service called {@code service}, e.g. {@code http://127.0.0.1:8081}. */
  URI url(String service);
}
