package dev.onceflow.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Services by name and base URL in one setting, {@code name=http://host:port,name=...}: the
 * launcher and the Kubernetes config write it (the dashboard's scrape targets), the service reads
 * it. Both sides use this class so that the format cannot drift.
 */
public final class ServiceDirectory {

  private ServiceDirectory() {}

  /** {@code services} as one setting, in their order. */
  public static String format(Map<String, URI> services) {
    return services.entrySet().stream()
        .map(service -> service.getKey() + "=" + service.getValue())
        .collect(Collectors.joining(","));
  }

  /**
   * The services of {@code entries} (the setting split at its commas), in their order; blank
   * entries are skipped, blanks around names and URLs ignored.
   *
   * @param key the setting's name, which every error starts with
   * @throws IllegalArgumentException naming {@code key} and the entry when an entry is not {@code
   *     name=http(s)://host[:port]}, or names a service twice
   */
  public static Map<String, URI> parse(String key, List<String> entries) {
    Map<String, URI> services = new LinkedHashMap<>();
    for (String entry : entries) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals < 1 || equals == trimmed.length() - 1) {
        throw invalid(key, trimmed, "expected name=base-url");
      }
      String name = trimmed.substring(0, equals).trim();
      URI url = url(key, trimmed, trimmed.substring(equals + 1).trim());
      if (services.putIfAbsent(name, url) != null) {
        throw invalid(key, trimmed, name + " is listed twice");
      }
    }
    return services;
  }

  /** The error for an entry of setting {@code key}: {@code key: invalid entry 'entry': why}. */
  public static IllegalArgumentException invalid(String key, String entry, String why) {
    return new IllegalArgumentException(key + ": invalid entry '" + entry + "': " + why);
  }

  private static URI url(String key, String entry, String text) {
    try {
      URI url = new URI(text);
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw invalid(key, entry, "the base URL must be http(s)://host[:port]");
      }
      return url;
    } catch (URISyntaxException e) {
      throw invalid(key, entry, e.getMessage());
    }
  }
}
