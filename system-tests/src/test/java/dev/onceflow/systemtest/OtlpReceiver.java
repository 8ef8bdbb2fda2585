package dev.onceflow.systemtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace receiver: {@code POST /v1/traces} with a protobuf {@code
 * ExportTraceServiceRequest}, as an OpenTelemetry Collector receives it. Keeps every span it was
 * sent, with the {@code service.name} of the process that sent it.
 */
final class OtlpReceiver implements AutoCloseable {

  /** A received span; ids in lowercase hex, {@code parentSpanId} empty for a root span. */
  record ReceivedSpan(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Span.SpanKind kind,
      Map<String, String> attributes) {

    @Override
    public String toString() {
      return String.format(
          "%s %s '%s' trace=%s span=%s parent=%s %s",
          service, kind, name, traceId, spanId, parentSpanId, attributes);
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext("/v1/traces", receiver::export);
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.start();
    return receiver;
  }

  /** The environment that makes a service export its traces here, every 100 ms. */
  Map<String, String> environment() {
    return Map.of(
        "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
        "http://127.0.0.1:" + server.getAddress().getPort(),
        "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL",
        "http/protobuf",
        "QUARKUS_OTEL_BSP_SCHEDULE_DELAY",
        "100ms");
  }

  List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  private void export(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      ExportTraceServiceRequest request;
      try (InputStream body = body(exchange)) {
        request = ExportTraceServiceRequest.parseFrom(body);
      }
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        String service =
            attributes(resourceSpans.getResource().getAttributesList()).get("service.name");
        for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
          for (Span span : scopeSpans.getSpansList()) {
            spans.add(
                new ReceivedSpan(
                    service,
                    HEX.formatHex(span.getTraceId().toByteArray()),
                    HEX.formatHex(span.getSpanId().toByteArray()),
                    HEX.formatHex(span.getParentSpanId().toByteArray()),
                    span.getName(),
                    span.getKind(),
                    attributes(span.getAttributesList())));
          }
        }
      }
      byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response);
        }
      }
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    InputStream body = exchange.getRequestBody();
    return "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
        ? new GZIPInputStream(body)
        : body;
  }

  private static Map<String, String> attributes(List<KeyValue> attributes) {
    return attributes.stream()
        .collect(Collectors.toMap(KeyValue::getKey, kv -> text(kv.getValue()), (a, b) -> b));
  }

  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      default -> value.toString();
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
