package dev.onceflow.local.launcher;

import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.local.PlatformTopology;
import dev.onceflow.local.internal.Passwords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets of one local platform, {@code secrets.env} in the state directory (mode 600,
 * git-ignored): a password per database role, the dashboard admin's password and the service token,
 * each generated once and kept, so data from an earlier run still opens.
 */
final class Secrets {

  static final String ADMIN_PASSWORD = "ONCEFLOW_DASHBOARD_ADMIN_PASSWORD";
  static final String SERVICE_TOKEN = ServiceToken.ENVIRONMENT_VARIABLE;

  private final Map<String, String> values;

  private Secrets(Map<String, String> values) {
    this.values = values;
  }

  /** Reads {@code file}, adding (and writing) whatever {@code topology} needs that is missing. */
  static Secrets ensure(Path file, PlatformTopology topology) {
    Map<String, String> values = read(file);
    int before = values.size();
    for (PlatformTopology.Role role : topology.roles()) {
      values.computeIfAbsent(
          PlatformTopology.passwordVariable(role.name()), v -> Passwords.random());
    }
    values.computeIfAbsent(ADMIN_PASSWORD, v -> Passwords.random().substring(0, 16));
    // order-service and inbox-consumer demand it; the dashboard and the demo load present it.
    values.computeIfAbsent(SERVICE_TOKEN, v -> Passwords.random());
    if (values.size() != before || !Files.exists(file)) {
      write(file, values);
    }
    return new Secrets(values);
  }

  /** Reads an existing {@code file}; fails if there is none (the platform never started). */
  static Secrets existing(Path file, String hint) {
    if (!Files.isRegularFile(file)) {
      throw new LaunchFailure(file + " is missing: " + hint);
    }
    return new Secrets(read(file));
  }

  String get(String variable) {
    String value = values.get(variable);
    if (value == null) {
      throw new LaunchFailure(variable + " is missing from the secrets file");
    }
    return value;
  }

  String password(String role) {
    return get(PlatformTopology.passwordVariable(role));
  }

  private static Map<String, String> read(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return values;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        int equals = line.indexOf('=');
        if (equals > 0 && !line.startsWith("#")) {
          values.put(line.substring(0, equals), line.substring(equals + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return values;
  }

  private static void write(Path file, Map<String, String> values) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      List<String> lines =
          values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
