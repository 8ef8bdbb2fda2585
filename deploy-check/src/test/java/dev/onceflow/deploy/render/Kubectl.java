package dev.onceflow.deploy.render;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The {@code kubectl} binary that renders overlays offline ({@code kubectl kustomize DIR}). */
public final class Kubectl {

  private final Path binary;

  private Kubectl(Path binary) {
    this.binary = binary;
  }

  /** {@code $KUBECTL} if set, else the first {@code kubectl} on the {@code PATH}. */
  public static Optional<Kubectl> find() {
    String explicit = System.getenv("KUBECTL");
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      return Files.isExecutable(path) ? Optional.of(new Kubectl(path)) : Optional.empty();
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new Kubectl(candidate));
      }
    }
    return Optional.empty();
  }

  /** Where the binary is. */
  public Path binary() {
    return binary;
  }

  /** The rendered multi-document YAML of the Kustomization in {@code dir}. */
  public String kustomize(Path dir) {
    try {
      Path out = Files.createTempFile("kustomize-", ".yaml");
      Path err = Files.createTempFile("kustomize-", ".err");
      try {
        Process process =
            new ProcessBuilder(binary.toString(), "kustomize", dir.toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "kubectl kustomize "
                  + dir
                  + " failed (exit "
                  + process.exitValue()
                  + "):\n"
                  + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted rendering " + dir, e);
    }
  }
}
