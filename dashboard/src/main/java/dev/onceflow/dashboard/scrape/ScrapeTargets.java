package dev.onceflow.dashboard.scrape;

import dev.onceflow.dashboard.DashboardConfig;
import java.net.URI;
import java.net.URISyntaxException;
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
    for (String entry : config.scrapeTargets().orElse(List.of())) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals < 1 || equals == trimmed.length() - 1) {
        throw invalid(trimmed, "expected name=base-url");
      }
      String name = trimmed.substring(0, equals).trim();
      URI url = url(trimmed, trimmed.substring(equals + 1).trim());
      if (targets.putIfAbsent(name, url) != null) {
        throw invalid(trimmed, name + " is already a target");
      }
    }
    return targets;
  }

  private static URI url(String entry, String text) {
    try {
      URI url = new URI(text);
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw invalid(entry, "the base URL must be http(s)://host[:port]");
      }
      return url;
    } catch (URISyntaxException e) {
      throw invalid(entry, e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String entry, String why) {
    return new IllegalArgumentException(KEY + ": invalid entry '" + entry + "': " + why);
  }
}
