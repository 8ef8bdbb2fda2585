package dev.onceflow.deploy.services;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the manifests expect of the dashboard until its module exists: the configuration keys it
 * must declare (set through the environment variables in k8s/base/config/dashboard.env and the
 * Secret dashboard-admin), its HTTP port and its Quarkus extensions. Once {@code dashboard/} has a
 * pom, deploy-check reads the real module instead and this contract no longer applies.
 */
public final class DashboardContract {

  /** Environment variable to the configuration key it sets, with the key's meaning. */
  public static final Map<String, String> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("onceflow.dashboard.order-service-url", "base URL of order-service");
    KEYS.put("onceflow.dashboard.relay-url", "base URL of outbox-relay (any replica)");
    KEYS.put(
        "onceflow.dashboard.relay-instances",
        "host:port whose DNS lists every relay pod, ready or not (active and standby)");
    KEYS.put("onceflow.dashboard.inbox-consumer-url", "base URL of inbox-consumer");
    KEYS.put("onceflow.dashboard.inbox-consumer-group", "the inbox consumer group, for its lag");
    KEYS.put("onceflow.dashboard.consumer-group", "the dashboard's own Kafka consumer group");
    KEYS.put("onceflow.dashboard.admin.username", "admin user name (Secret dashboard-admin)");
    KEYS.put("onceflow.dashboard.admin.password", "admin password (Secret dashboard-admin)");
    KEYS.put("kafka.bootstrap.servers", "Kafka bootstrap servers (Quarkus' standard key)");
  }

  /** The HTTP port the dashboard listens on. */
  public static final int HTTP_PORT = 8080;

  /** Extensions it must have: health probes and Prometheus metrics. */
  public static final Set<String> EXTENSIONS =
      Set.of(
          "quarkus-smallrye-health",
          "quarkus-micrometer-registry-prometheus",
          "quarkus-rest",
          "quarkus-messaging-kafka");

  private DashboardContract() {}
}
