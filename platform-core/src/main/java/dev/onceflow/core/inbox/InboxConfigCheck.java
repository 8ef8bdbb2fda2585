package dev.onceflow.core.inbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates {@link InboxConfig} at start-up: an invalid value stops the application with every
 * offending key named, before any record is consumed.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class InboxConfigCheck {

  private static final Pattern CONSUMER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

  private final InboxConfig config;

  InboxConfigCheck(InboxConfig config) {
    this.config = config;
  }

  /** Runs before every other start-up observer (priority 1), so nothing starts on a bad value. */
  void check(@Observes @Priority(1) StartupEvent event) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new InvalidConfiguration(problems);
    }
  }

  /**
   * Every problem of {@code config}, each naming its key; empty when the configuration is valid.
   */
  public static List<String> problems(InboxConfig config) {
    List<String> problems = new ArrayList<>();
    String p = InboxConfig.PREFIX + ".";
    if (!CONSUMER_NAME.matcher(config.consumerName()).matches()) {
      problems.add(
          p
              + "consumer-name must be 1-100 of [a-z0-9._-] starting with a letter or digit, was '"
              + config.consumerName()
              + "'");
    }
    if (config.topic().isBlank()) {
      problems.add(p + "topic must not be blank");
    }
    range(problems, p + "batch-size", config.batchSize(), 1, 10_000);
    range(problems, p + "concurrency", config.concurrency(), 1, 64);
    if (config.supportedSchemaVersions().isEmpty()
        || config.supportedSchemaVersions().stream().anyMatch(v -> v < 1)) {
      problems.add(p + "supported-schema-versions must list versions >= 1");
    }
    positive(problems, p + "retry.initial-backoff", config.retry().initialBackoff());
    positive(problems, p + "retry.max-backoff", config.retry().maxBackoff());
    if (config.retry().maxBackoff().compareTo(config.retry().initialBackoff()) < 0) {
      problems.add(p + "retry.max-backoff must not be shorter than retry.initial-backoff");
    }
    double jitter = config.retry().jitter();
    if (!(jitter >= 0 && jitter <= 1)) {
      problems.add(p + "retry.jitter must be between 0 and 1, was " + jitter);
    }
    positive(problems, p + "dedupe.window", config.dedupe().window());
    positive(problems, p + "dedupe.prune-interval", config.dedupe().pruneInterval());
    range(problems, p + "dedupe.prune-batch-size", config.dedupe().pruneBatchSize(), 1, 100_000);
    positive(problems, p + "health.stall-threshold", config.health().stallThreshold());
    positive(problems, p + "health.lag-refresh-interval", config.health().lagRefreshInterval());
    if (config.health().retryingThreshold().isNegative()) {
      problems.add(p + "health.retrying-threshold must not be negative");
    }
    return problems;
  }

  private static void range(List<String> problems, String key, int value, int min, int max) {
    if (value < min || value > max) {
      problems.add(key + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static void positive(List<String> problems, String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      problems.add(key + " must be a positive duration, was " + value);
    }
  }

  /** The configuration under {@code onceflow.inbox} is invalid; the message names each key. */
  public static class InvalidConfiguration extends IllegalArgumentException {
    public InvalidConfiguration(List<String> problems) {
      super("Invalid configuration: " + String.join("; ", problems));
    }
  }
}
