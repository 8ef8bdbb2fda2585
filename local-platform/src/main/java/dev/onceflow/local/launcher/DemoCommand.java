package dev.onceflow.local.launcher;

import dev.onceflow.local.DemoLoad;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./onceflow demo}: a demo load ({@link DemoLoad}) on a platform that is already up: orders
 * at a steady rate, some cancelled, now and then a poison record; a progress bar.
 */
@Command(name = "demo", description = "demo load on a running platform (orders/s)")
final class DemoCommand implements Callable<Integer> {

  static final String ORDER_SERVICE = "order-service";

  @ParentCommand Onceflow onceflow;

  @Option(names = "--rate", paramLabel = "N", description = "orders per second (default 20)")
  double rate = UpCommand.DEFAULT_DEMO_RATE;

  @Option(names = "--count", paramLabel = "N", description = "orders to place; 0: until Ctrl-C")
  long count;

  @Override
  public Integer call() throws InterruptedException {
    Workspace workspace = onceflow.workspace();
    int port = workspace.port(ORDER_SERVICE);
    URI orders = URI.create("http://127.0.0.1:" + port);
    if (!ready(orders)) {
      throw new LaunchFailure(
          ORDER_SERVICE
              + " does not answer on port "
              + port
              + ": start the platform with ./onceflow up");
    }
    // The demo places orders, which order-service accepts only with the service token.
    Secrets secrets =
        Secrets.existing(workspace.secretsFile(), "start the platform with ./onceflow up");
    // The progress bar is the output: the Kafka producer's notices are noise here.
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    try {
      new DemoLoad(
              orders,
              workspace.kafkaBootstrapServers(),
              rate,
              count,
              10,
              250,
              secrets.get(Secrets.SERVICE_TOKEN))
          .run();
    } catch (IllegalArgumentException e) {
      throw new LaunchFailure(e.getMessage());
    }
    return 0;
  }

  private static boolean ready(URI service) {
    try {
      HttpResponse<Void> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(service.resolve("/q/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
