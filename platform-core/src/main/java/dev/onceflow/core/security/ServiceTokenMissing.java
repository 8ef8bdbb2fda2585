package dev.onceflow.core.security;

import java.util.List;

/**
 * The service has no usable {@code onceflow.service-token}; it refuses to start rather than serve
 * protected endpoints that nobody could call (or anybody could).
 */
public class ServiceTokenMissing extends IllegalStateException {

  ServiceTokenMissing(List<String> problems) {
    super("Invalid configuration: " + String.join("; ", problems));
  }
}
