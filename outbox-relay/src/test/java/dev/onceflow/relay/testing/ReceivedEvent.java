package dev.onceflow.relay.testing;

import java.util.Map;

/** A record a {@code read_committed} consumer received from an event topic. */
public record ReceivedEvent(
    String topic,
    int partition,
    long offset,
    String key,
    byte[] value,
    Map<String, String> headers) {

  /** The value as UTF-8 text. */
  public String valueText() {
    return value == null ? null : new String(value, java.nio.charset.StandardCharsets.UTF_8);
  }
}
