package dev.onceflow.dashboard.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.dashboard.DashboardConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads what the writing services wrote ({@code GET /audit/written?from=&to=}: each event's
 * aggregate type, id, sequence and write time) in contiguous windows that end {@code lost-after}
 * ago, and hands each event to the audit, which looks for it among the publications. A window is
 * read once; a source that does not answer is asked again for the same window next time.
 */
@ApplicationScoped
public class WrittenWatermark {

  private static final Logger LOG = Logger.getLogger(WrittenWatermark.class);

  /** Events asked for per window; a window with more is audited in part (logged). */
  static final int LIMIT = 50_000;

  private final ExactlyOnceAudit audit;
  private final AuditConfig config;
  private final DashboardConfig dashboard;
  private final ObjectMapper json;
  private final Clock clock;
  private final HttpClient http;
  private final Map<URI, Instant> cursors = new HashMap<>();

  WrittenWatermark(
      ExactlyOnceAudit audit,
      AuditConfig config,
      DashboardConfig dashboard,
      ObjectMapper json,
      Clock clock) {
    this.audit = audit;
    this.config = config;
    this.dashboard = dashboard;
    this.json = json;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(dashboard.httpTimeout()).build();
  }

  @Scheduled(
      every = "${onceflow.dashboard.audit.written-poll-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void poll() {
    if (!config.enabled()) {
      return;
    }
    Instant to = clock.instant().minus(config.lostAfter());
    for (URI source : config.writtenSources().orElse(List.of(dashboard.orderServiceUrl()))) {
      Instant from = cursors.getOrDefault(source, audit.startedAt());
      if (!to.isAfter(from)) {
        continue;
      }
      try {
        read(source, from, to);
        cursors.put(source, to);
      } catch (Exception e) {
        LOG.debugf(
            e, "Reading %s/audit/written failed; the window is read again next time", source);
      }
    }
  }

  private void read(URI source, Instant from, Instant to) throws Exception {
    URI uri =
        source.resolve(
            "/audit/written?from="
                + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                + "&to="
                + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8)
                + "&limit="
                + LIMIT);
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(dashboard.httpTimeout().multipliedBy(5))
                .header("Accept", "application/json")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + response.statusCode());
    }
    JsonNode body = json.readTree(response.body());
    String service = body.path("service").asText(source.toString());
    for (JsonNode event : body.path("events")) {
      audit.written(
          dashboard.eventTopicPrefix() + event.path("aggregateType").asText(),
          event.path("aggregateId").asText(),
          event.path("sequence").asLong(),
          Instant.parse(event.path("writtenAt").asText()),
          service);
    }
    if (body.path("truncated").asBoolean(false)) {
      LOG.warnf(
          "%s wrote more than %d events between %s and %s: the rest of that window is not audited",
          service, LIMIT, from, to);
    }
  }
}
