package dev.onceflow.dashboard.scrape;

import dev.onceflow.contract.ServiceDirectory;
import dev.onceflow.dashboard.DashboardConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services whose health and metrics the dashboard reads, by name: the three it always reads
 * (their URLs have keys of their own, which the dead-letter actions and the stage boxes use) and
 * those listed in {@code onceflow.dashboard.scrape-targets}.
 */
public final class ScrapeTargets {

  /** The configuration key of the extra targets, named in every error about them. */
  public static final String KEY = "onceflow.dashboard.scrape-targets";

  private ScrapeTargets() {}

  /**
   * Every target, in a stable order: order-service, outbox-relay, inbox-consumer, then the listed
   * ones as listed.
   *
   * @throws IllegalArgumentException naming {@link #KEY} when an entry is not {@code
   *     name=http(s)://host:port}, or names a target twice
   */
  public static Map<String, URI> of(DashboardConfig config) {
    Map<String, URI> targets = new LinkedHashMap<>();
    targets.put(ScrapeResult.ORDER_SERVICE, config.orderServiceUrl());
    targets.put(ScrapeResult.RELAY, config.relayUrl());
    targets.put(ScrapeResult.INBOX, config.inboxConsumerUrl());
    List<String> entries = config.scrapeTargets().orElse(List.of());
    ServiceDirectory.parse(KEY, entries)
        .forEach(
            (name, url) -> {
              if (targets.putIfAbsent(name, url) != null) {
                throw ServiceDirectory.invalid(
                    KEY, name + "=" + url, name + " is already a target");
              }
            });
    return targets;
  }
}
