package dev.onceflow.deploy.render;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where {@code k8s/}, {@code docs/} and the service modules are. */
public final class Repository {

  private Repository() {}

  /** From the system property {@code onceflow.root} (set by the pom), else the parent directory. */
  public static Path root() {
    String configured = System.getProperty("onceflow.root");
    Path root =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir")).resolve("..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("k8s"))) {
      throw new IllegalStateException("no k8s/ directory under " + root);
    }
    return root;
  }
}
