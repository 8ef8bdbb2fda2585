package dev.onceflow.benchmarks.polling;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The polling relay's settings, from its command line ({@code --jdbc-url --user --bootstrap-servers
 * --topic-prefix [--batch-size] [--poll-interval-ms]}) and the database password from its
 * environment ({@value PollingRelay#PASSWORD_VARIABLE}).
 *
 * @param jdbcUrl the outbox database
 * @param user a role allowed to select and delete outbox rows
 * @param password its password
 * @param bootstrapServers the Kafka cluster
 * @param topicPrefix put before the aggregate type to name the topic, as the CDC relay does
 * @param batchSize rows per poll (and per database transaction)
 * @param pollInterval the sleep after a poll that returned less than a full batch
 */
public record PollingRelaySettings(
    String jdbcUrl,
    String user,
    String password,
    String bootstrapServers,
    String topicPrefix,
    int batchSize,
    Duration pollInterval) {

  private static final Set<String> OPTIONS =
      Set.of(
          "jdbc-url",
          "user",
          "bootstrap-servers",
          "topic-prefix",
          "batch-size",
          "poll-interval-ms");

  public PollingRelaySettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size: must be at least 1, was " + batchSize);
    }
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("--poll-interval-ms: must not be negative");
    }
  }

  /** Reads {@code args} (option, value pairs) and the password from {@code environment}. */
  static PollingRelaySettings parse(String[] args, Map<String, String> environment) {
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected an option, got " + args[i]);
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
    String password = environment.get(PollingRelay.PASSWORD_VARIABLE);
    if (password == null) {
      throw new IllegalArgumentException(PollingRelay.PASSWORD_VARIABLE + " is not set");
    }
    PollingRelaySettings settings =
        new PollingRelaySettings(
            required(values, "jdbc-url"),
            required(values, "user"),
            password,
            required(values, "bootstrap-servers"),
            required(values, "topic-prefix"),
            number(values, "batch-size", "2048"),
            Duration.ofMillis(number(values, "poll-interval-ms", "500")));
    values.keySet().removeAll(OPTIONS);
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
    }
    return settings;
  }

  private static String required(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return value;
  }

  private static int number(Map<String, String> values, String key, String fallback) {
    String value = values.getOrDefault(key, fallback);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + ": not a whole number: " + value);
    }
  }
}
