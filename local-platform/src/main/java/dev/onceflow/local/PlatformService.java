package dev.onceflow.local;

import dev.onceflow.contract.security.ServiceToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a {@link PlatformTopology}: an entry, built with {@link #named} and the fluent
 * methods.
 *
 * @param name the process name, the {@code ONCEFLOW_PORT_<NAME>} override, the URL line
 * @param module the Maven module whose {@code target/quarkus-app/quarkus-run.jar} runs it
 * @param defaultPort the HTTP port unless overridden
 * @param grant the database it uses, if any
 * @param needsKafka whether it gets {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param serviceTokenVariable the variable that carries the service token, if it needs it
 * @param peerUrls variable to the name of the service whose URL it carries
 * @param peerDirectories variable to the services it carries as {@code name=url} pairs, comma
 *     separated (the dashboard's scrape targets)
 * @param adminLogin the variables of the admin user name and password, if it has a login
 */
public record PlatformService(
    String name,
    String module,
    int defaultPort,
    Optional<Grant> grant,
    boolean needsKafka,
    Optional<String> serviceTokenVariable,
    Map<String, String> peerUrls,
    Map<String, List<String>> peerDirectories,
    List<String> adminLogin) {

  /** A service of module {@code name}, no port, no database, nothing else. */
  public static PlatformService named(String name) {
    return new PlatformService(
        name, name, 0, Optional.empty(), false, Optional.empty(), Map.of(), Map.of(), List.of());
  }

  /** Runs from module {@code module} (several services may share one, e.g. relay shards). */
  public PlatformService module(String module) {
    return new PlatformService(
        name,
        module,
        defaultPort,
        grant,
        needsKafka,
        serviceTokenVariable,
        peerUrls,
        peerDirectories,
        adminLogin);
  }

  public PlatformService port(int port) {
    return new PlatformService(
        name,
        module,
        port,
        grant,
        needsKafka,
        serviceTokenVariable,
        peerUrls,
        peerDirectories,
        adminLogin);
  }

  /** Owns {@code database} as {@code role} (a Quarkus datasource). */
  public PlatformService owns(String database, String role) {
    return with(new Grant(database, role, Access.OWNER));
  }

  /**
   * Relays {@code database}'s outbox as replication role {@code role}: a relay shard, which needs
   * Kafka and names its shard after the database.
   */
  public PlatformService relays(String database, String role) {
    return with(new Grant(database, role, Access.REPLICATION)).kafka();
  }

  public PlatformService kafka() {
    return new PlatformService(
        name,
        module,
        defaultPort,
        grant,
        true,
        serviceTokenVariable,
        peerUrls,
        peerDirectories,
        adminLogin);
  }

  /**
   * Demands the service token on its mutating endpoints ({@value
   * ServiceToken#ENVIRONMENT_VARIABLE}).
   */
  public PlatformService checksServiceToken() {
    return presentsServiceToken(ServiceToken.ENVIRONMENT_VARIABLE);
  }

  /** Gets the service token in {@code variable}. */
  public PlatformService presentsServiceToken(String variable) {
    return new PlatformService(
        name,
        module,
        defaultPort,
        grant,
        needsKafka,
        Optional.of(variable),
        peerUrls,
        peerDirectories,
        adminLogin);
  }

  /** Gets service {@code peer}'s URL in {@code variable}. */
  public PlatformService peerUrl(String variable, String peer) {
    Map<String, String> urls = new LinkedHashMap<>(peerUrls);
    urls.put(variable, peer);
    return new PlatformService(
        name,
        module,
        defaultPort,
        grant,
        needsKafka,
        serviceTokenVariable,
        Map.copyOf(urls),
        peerDirectories,
        adminLogin);
  }

  /**
   * Gets the URLs of services {@code peers} in {@code variable}, as {@code name=url} pairs
   * separated by commas.
   */
  public PlatformService peerDirectory(String variable, String... peers) {
    Map<String, List<String>> directories = new LinkedHashMap<>(peerDirectories);
    directories.put(variable, List.of(peers));
    return new PlatformService(
        name,
        module,
        defaultPort,
        grant,
        needsKafka,
        serviceTokenVariable,
        peerUrls,
        Map.copyOf(directories),
        adminLogin);
  }

  /** The services whose URL it gets, in a variable of their own or in a directory. */
  public List<String> peers() {
    List<String> peers = new ArrayList<>(peerUrls.values());
    peerDirectories.values().forEach(peers::addAll);
    return List.copyOf(peers);
  }

  /** Gets the admin user in {@code userVariable} and its password in {@code passwordVariable}. */
  public PlatformService adminLogin(String userVariable, String passwordVariable) {
    return new PlatformService(
        name,
        module,
        defaultPort,
        grant,
        needsKafka,
        serviceTokenVariable,
        peerUrls,
        peerDirectories,
        List.of(userVariable, passwordVariable));
  }

  private PlatformService with(Grant grant) {
    return new PlatformService(
        name,
        module,
        defaultPort,
        Optional.of(grant),
        needsKafka,
        serviceTokenVariable,
        peerUrls,
        peerDirectories,
        adminLogin);
  }

  /** {@code <root>/<module>/target/quarkus-app/quarkus-run.jar}. */
  public Path jar(Path root) {
    return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
  }

  /** The environment variable that overrides the port: {@code ONCEFLOW_PORT_<NAME>}. */
  public String portVariable() {
    return "ONCEFLOW_PORT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** How a service reaches its database. */
  public enum Access {
    /** It owns the database and migrates its schema: a Quarkus datasource. */
    OWNER,
    /** It decodes the database's WAL: a login role with REPLICATION and no table grant. */
    REPLICATION
  }

  /** A service's use of a database. */
  public record Grant(String database, String role, Access access) {}
}
