package dev.onceflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.deploy.render.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The relay's database role gets {@code REPLICATION} and nothing else in every overlay: logical
 * decoding without a snapshot needs no privilege on any table, and a grant would let a relay
 * credential read order-service's business tables.
 */
class RelayDatabaseRoleTest {

  /** How the overlays name the relay's role: literally, or as the dev init script's variable. */
  private static final List<String> RELAY_ROLE = List.of("onceflow_relay", ":\"relay\"");

  @Test
  void theRelayRoleIsCreatedWithReplicationAndGrantedNothing() throws IOException {
    List<String> grants = new ArrayList<>();
    List<String> creations = new ArrayList<>();
    for (Path file : databaseSetupFiles()) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.startsWith("#") || line.startsWith("--")) {
          continue;
        }
        String upper = line.toUpperCase(Locale.ROOT);
        boolean namesRelay = RELAY_ROLE.stream().anyMatch(line::contains);
        String where = Repository.root().relativize(file) + ":" + (i + 1) + ": " + line;
        if (namesRelay && upper.contains("GRANT ")) {
          grants.add(where);
        }
        if (namesRelay && upper.contains("CREATE ROLE")) {
          creations.add(where);
        }
      }
    }
    assertThat(grants).as("grants to the relay's role").isEmpty();
    assertThat(creations)
        .as("the relay's role is created in each relayed database of the dev and prod overlays")
        .hasSize(Catalogue.OVERLAYS.size() * Catalogue.RELAY_SHARDS.size())
        .allSatisfy(line -> assertThat(line).contains("REPLICATION"));
  }

  private static List<Path> databaseSetupFiles() throws IOException {
    try (Stream<Path> files = Files.walk(Repository.root().resolve("k8s"))) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".sh") || name.endsWith(".sql");
              })
          .sorted()
          .toList();
    }
  }
}
