package dev.onceflow.local.launcher;

import dev.onceflow.local.PlatformService;
import dev.onceflow.local.PlatformTopology;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where one local platform lives and listens: the checkout ({@code root}), the state directory
 * ({@code ONCEFLOW_STATE_DIR}, default {@code .onceflow}) with {@code data/}, {@code logs/}, {@code
 * run/} and {@code secrets.env}, and the ports ({@code ONCEFLOW_PG_PORT}, {@code
 * ONCEFLOW_KAFKA_PORT}, {@code ONCEFLOW_PORT_<SERVICE>}).
 */
record Workspace(
    Path root, Path state, Map<String, String> environment, PlatformTopology topology) {

  static final int DEFAULT_POSTGRES_PORT = 15432;
  static final int DEFAULT_KAFKA_PORT = 19092;

  /** The checkout {@code ./onceflow} runs from, and this process's environment. */
  static Workspace fromEnvironment() {
    Path root = Path.of(System.getProperty("onceflow.root", ".")).toAbsolutePath().normalize();
    return of(root, System.getenv());
  }

  static Workspace of(Path root, Map<String, String> environment) {
    String state = environment.get("ONCEFLOW_STATE_DIR");
    // A relative ONCEFLOW_STATE_DIR is taken from where ./onceflow runs, as any path a user types.
    Path stateDirectory =
        state == null || state.isBlank() ? root.resolve(".onceflow") : Path.of(state);
    return new Workspace(
        root,
        stateDirectory.toAbsolutePath().normalize(),
        Map.copyOf(environment),
        PlatformTopology.ONCEFLOW);
  }

  Path data() {
    return state.resolve("data");
  }

  Path logs() {
    return state.resolve("logs");
  }

  Path run() {
    return state.resolve("run");
  }

  Path secretsFile() {
    return state.resolve("secrets.env");
  }

  int postgresPort() {
    return port("ONCEFLOW_PG_PORT", DEFAULT_POSTGRES_PORT);
  }

  int kafkaPort() {
    return port("ONCEFLOW_KAFKA_PORT", DEFAULT_KAFKA_PORT);
  }

  String kafkaBootstrapServers() {
    return "127.0.0.1:" + kafkaPort();
  }

  /** The HTTP port of {@code service}: {@code ONCEFLOW_PORT_<NAME>}, else the topology's. */
  int port(PlatformService service) {
    return port(service.portVariable(), service.defaultPort());
  }

  int port(String service) {
    return port(topology.service(service));
  }

  /** {@code path} relative to the checkout when inside it, as the progress lines show paths. */
  String shown(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
  }

  private int port(String variable, int fallback) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new LaunchFailure(variable + " must be a port (1-65535), got " + value);
    }
  }
}
