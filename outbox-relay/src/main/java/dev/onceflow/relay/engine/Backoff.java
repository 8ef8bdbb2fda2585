package dev.onceflow.relay.engine;

import java.time.Duration;

/** Exponential backoff between retries: {@code initial}, twice that, … capped at {@code max}. */
public record Backoff(Duration initial, Duration max) {

  /** The delay before the retry that follows {@code failures} consecutive failures (1 or more). */
  public Duration delay(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    long millis = initial.toMillis() << doublings;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }
}
