package dev.onceflow.local.internal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a service process runs at every start, the same for each incarnation.
 *
 * @param command the command line
 * @param environment variables added to this JVM's environment
 * @param workingDirectory created if missing; null for this JVM's
 */
public record Launch(List<String> command, Map<String, String> environment, Path workingDirectory) {

  public Launch {
    command = List.copyOf(command);
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
  }
}
