package dev.onceflow.dashboard.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.KafkaClientSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads, every {@code scrape-interval}, each service's {@code /q/health} and {@code /q/metrics},
 * the relay instances, and from Kafka (Admin API) the event topics' end offsets and the inbox
 * group's committed offsets; fires the round as a {@link ScrapeResult} event, which the live view
 * observes (so this package never depends on it). All calls run in parallel with short timeouts, so
 * one unreachable service never delays the others.
 */
@ApplicationScoped
public class Scraper {

  private final Event<ScrapeResult> rounds;
  private final DashboardConfig config;
  private final ObjectMapper json;
  private final Clock clock;
  private final String bootstrapServers;
  private final Map<String, Object> kafkaConfig;
  private final HttpClient http;
  private final Map<String, URI> targets;
  private volatile Admin admin;
  // Only the scrape (never run concurrently) reads and writes these.
  private Map<String, Set<String>> knownWriters = Map.of();
  private Instant writersReadAt;

  Scraper(
      Event<ScrapeResult> rounds,
      DashboardConfig config,
      ObjectMapper json,
      Clock clock,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
    this.rounds = rounds;
    this.kafkaConfig = kafkaConfig;
    this.config = config;
    this.json = json;
    this.clock = clock;
    this.bootstrapServers = bootstrapServers;
    this.http = HttpClient.newBuilder().connectTimeout(config.httpTimeout()).build();
    this.targets = ScrapeTargets.of(config);
  }

  /** Fails the start when {@code scrape-targets} is invalid, naming the key. */
  void validate(@Observes StartupEvent event) {
    ScrapeTargets.of(config);
  }

  @Scheduled(
      every = "${onceflow.dashboard.scrape-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scrape() {
    Map<String, URI> services = targets;
    Map<String, CompletableFuture<Component>> health = new LinkedHashMap<>();
    Map<String, CompletableFuture<String>> metrics = new LinkedHashMap<>();
    services.forEach(
        (name, url) -> {
          health.put(name, health(name, url));
          metrics.put(name, get(url.resolve("/q/metrics")).exceptionally(e -> null));
        });
    CompletableFuture<List<RelayInstance>> instances =
        CompletableFuture.supplyAsync(this::relayInstances);

    List<Component> components = new ArrayList<>();
    Map<String, PrometheusText> parsed = new HashMap<>();
    Map<TopicPartition, Long> ends = Map.of();
    Map<TopicPartition, Long> committed = Map.of();
    Map<String, Set<String>> writers = Map.of();
    Component kafka;
    try {
      Offsets offsets = offsets();
      ends = offsets.ends;
      committed = offsets.committed;
      if (TransactionalWriters.stale(knownWriters, ends, writersReadAt, clock.instant())) {
        knownWriters = TransactionalWriters.read(admin(), ends.keySet(), config.httpTimeout());
        writersReadAt = clock.instant();
      }
      writers = knownWriters;
      kafka =
          new Component(ScrapeResult.KAFKA, bootstrapServers, "UP", null, null, clock.instant());
    } catch (Exception e) {
      resetAdmin();
      kafka =
          new Component(
              ScrapeResult.KAFKA,
              bootstrapServers,
              "UNREACHABLE",
              null,
              message(e),
              clock.instant());
    }
    for (String name : services.keySet()) {
      components.add(health.get(name).join());
      String text = metrics.get(name).join();
      if (text != null) {
        parsed.put(name, PrometheusText.parse(text));
      }
    }
    components.add(2, kafka);
    rounds.fire(
        new ScrapeResult(
            clock.instant(), components, parsed, ends, committed, instances.join(), writers));
  }

  private CompletableFuture<Component> health(String name, URI base) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/q/health")).timeout(config.httpTimeout()).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> component(name, base, response))
        .exceptionally(
            e ->
                new Component(
                    name, base.toString(), "UNREACHABLE", null, message(e), clock.instant()));
  }

  private Component component(String name, URI base, HttpResponse<String> response) {
    try {
      JsonNode body = json.readTree(response.body());
      List<Component.Check> checks = new ArrayList<>();
      for (JsonNode check : body.path("checks")) {
        checks.add(new Component.Check(check.path("name").asText(), check.path("status").asText()));
      }
      return new Component(
          name,
          base.toString(),
          body.path("status").asText("UNKNOWN"),
          checks,
          null,
          clock.instant());
    } catch (Exception e) {
      return new Component(
          name,
          base.toString(),
          "DOWN",
          null,
          "HTTP " + response.statusCode() + " from /q/health",
          clock.instant());
    }
  }

  private CompletableFuture<String> get(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.httpTimeout()).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> r.statusCode() == 200 ? r.body() : null);
  }

  /** Every relay instance behind {@code relay-instances}: active, standby or unreachable. */
  private List<RelayInstance> relayInstances() {
    if (config.relayInstances().isEmpty()) {
      return List.of();
    }
    String hostPort = config.relayInstances().get();
    int colon = hostPort.lastIndexOf(':');
    String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
    String port = colon > 0 ? hostPort.substring(colon + 1) : "8082";
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return List.of(new RelayInstance(hostPort, "unresolved"));
    }
    Map<String, CompletableFuture<String>> states = new LinkedHashMap<>();
    for (InetAddress address : addresses) {
      String ip = address.getHostAddress();
      String authority = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
      states.put(
          authority,
          get(URI.create("http://" + authority + "/q/metrics"))
              .thenApply(text -> text == null ? "unreachable" : relayState(text))
              .exceptionally(e -> "unreachable"));
    }
    List<RelayInstance> instances = new ArrayList<>();
    states.forEach((address, state) -> instances.add(new RelayInstance(address, state.join())));
    return instances;
  }

  static String relayState(String metricsText) {
    PrometheusText metrics = PrometheusText.parse(metricsText);
    if (metrics.sum(MetricNames.RELAY_ACTIVE).orElse(0) >= 1) {
      return "active";
    }
    return metrics.all(MetricNames.RELAY_STATE).stream()
        .filter(s -> s.value() >= 1)
        .map(s -> s.labels().getOrDefault("state", "standby"))
        .findFirst()
        .orElse("standby");
  }

  private record Offsets(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed) {}

  private Offsets offsets() throws Exception {
    Admin a = admin();
    long timeout = config.httpTimeout().toMillis();
    Set<String> topics =
        a.listTopics().names().get(timeout, TimeUnit.MILLISECONDS).stream()
            .filter(t -> t.startsWith(config.eventTopicPrefix()))
            .collect(Collectors.toSet());
    Map<TopicPartition, Long> ends = new HashMap<>();
    if (!topics.isEmpty()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      a.describeTopics(topics)
          .allTopicNames()
          .get(timeout, TimeUnit.MILLISECONDS)
          .forEach(
              (topic, description) -> {
                for (TopicPartitionInfo partition : description.partitions()) {
                  latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
                }
              });
      a.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(timeout, TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
    }
    Map<TopicPartition, Long> committed = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> offsets =
        a.listConsumerGroupOffsets(config.inboxConsumerGroup())
            .partitionsToOffsetAndMetadata()
            .get(timeout, TimeUnit.MILLISECONDS);
    offsets.forEach(
        (tp, offset) -> {
          if (offset != null && tp.topic().startsWith(config.eventTopicPrefix())) {
            committed.put(tp, offset.offset());
          }
        });
    return new Offsets(ends, committed);
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties props = KafkaClientSettings.of(kafkaConfig, AdminClientConfig.configNames());
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.consumerGroup() + "-admin");
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.httpTimeout().toMillis());
      props.put(
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
          (int) config.httpTimeout().toMillis() * 2);
      admin = Admin.create(props);
    }
    return admin;
  }

  private synchronized void resetAdmin() {
    if (admin != null) {
      admin.close(Duration.ZERO);
      admin = null;
    }
  }

  void stop(@Observes ShutdownEvent event) {
    resetAdmin();
  }

  private static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null
        && (cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)) {
      cause = cause.getCause();
    }
    String text = cause.getMessage();
    String kind = cause.getClass().getSimpleName();
    if (cause instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (cause instanceof java.net.http.HttpTimeoutException
        || cause instanceof java.util.concurrent.TimeoutException) {
      return "no answer within the timeout";
    }
    return text == null ? kind : kind + ": " + text;
  }
}
