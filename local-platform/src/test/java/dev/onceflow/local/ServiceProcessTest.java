package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServiceProcess} on a tiny child JVM that serves a readiness endpoint like Quarkus. */
class ServiceProcessTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void killedWithSigkillAndRestartedOnTheSamePort(@TempDir Path directory) throws Exception {
    try (ServiceProcess service = child("health", directory).build()) {
      service.start().awaitReady(PATIENCE);
      int port = service.httpPort();
      long firstPid = service.pid();
      assertThat(service.get("/q/health/ready").body()).contains("UP");

      assertThat(service.kill()).hasValue(137);
      assertThat(service.isAlive()).isFalse();
      assertThat(service.isReady()).isFalse();

      service.start().awaitReady(PATIENCE);
      assertThat(service.pid()).isNotEqualTo(firstPid);
      assertThat(service.httpPort()).isEqualTo(port);
      assertThat(service.starts()).isEqualTo(2);
      assertThat(service.stop(PATIENCE)).hasValue(143);
      assertThat(Files.readString(service.logFile(), StandardCharsets.UTF_8))
          .contains("start #1", "start #2", "serving on " + port)
          .doesNotContain("secret-value");
    }
  }

  @Test
  void readyLineCountsOnlyOutputSinceTheLastStart(@TempDir Path directory) {
    try (ServiceProcess service =
        child("line", directory).readyLine(LocalPlatformMain.READY).build()) {
      service.start().awaitReady(PATIENCE);
      service.kill();
      assertThat(service.isReady()).isFalse();
      service.start().awaitReady(PATIENCE);
      assertThat(service.httpPort()).isZero();
    }
  }

  @Test
  void awaitReadyFailsAtOnceWhenTheProcessExits(@TempDir Path directory) {
    try (ServiceProcess service =
        child("doomed", directory).environment("HEALTH_MAIN_EXIT", "7").build()) {
      service.start();
      assertThatThrownBy(() -> service.awaitReady(PATIENCE))
          .hasMessageContaining("doomed exited with status 7")
          .hasMessageContaining("exiting as asked");
    }
  }

  @Test
  void aMissingJarFailsAtBuildNamingIt(@TempDir Path directory) {
    assertThatThrownBy(
            () -> ServiceProcess.builder("absent").jar(directory.resolve("nope.jar")).build())
        .hasMessageContaining("nope.jar is missing");
  }

  @Test
  void aDetachedProcessLeadsASessionOfItsOwnSoATerminalsSignalsMissIt(@TempDir Path directory)
      throws Exception {
    try (ServiceProcess service =
        child("detached", directory).readyLine(LocalPlatformMain.READY).detached().build()) {
      service.start().awaitReady(PATIENCE);
      assertThat(session(service.pid())).isEqualTo(service.pid());
      assertThat(session(service.pid())).isNotEqualTo(session(ProcessHandle.current().pid()));
      assertThat(service.stop(PATIENCE)).hasValue(143);
    }
  }

  /** The session id of a process: field 6 of {@code /proc/<pid>/stat}, after the command. */
  private static long session(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[3]);
  }

  private static ServiceProcessBuilder child(String name, Path directory) {
    return ServiceProcess.builder(name)
        .mainClass(System.getProperty("java.class.path"), HealthMain.class.getName())
        .jvmOptions(java.util.List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
        .environment("SOME_PASSWORD", "secret-value")
        .logFile(directory.resolve(name + ".log"));
  }

  /** The child: answers {@code /q/health/ready} on {@code QUARKUS_HTTP_PORT}, prints READY. */
  public static final class HealthMain {
    public static void main(String[] args) throws IOException, InterruptedException {
      String exit = System.getenv("HEALTH_MAIN_EXIT");
      if (exit != null) {
        System.out.println("exiting as asked");
        System.exit(Integer.parseInt(exit));
      }
      String port = System.getenv(ServiceProcess.HTTP_PORT_VARIABLE);
      if (port != null) {
        HttpServer server =
            HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 0);
        server.createContext(
            "/q/health/ready",
            exchange -> {
              byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
              exchange.close();
            });
        server.start();
        System.out.println("serving on " + port);
      }
      System.out.println(LocalPlatformMain.READY);
      System.out.flush();
      new CountDownLatch(1).await();
    }
  }
}
