package dev.onceflow.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.local.internal.Directories;
import dev.onceflow.systemtest.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One OpenTelemetry trace per order, across the three packaged services exporting to a real OTLP
 * receiver: order-service's REST server span is the root, the relay's PRODUCER span (parent: the
 * trace context the outbox row stored) its child, and inbox-consumer's CONSUMER span (parent: the
 * record's {@code traceparent} header, which the relay set) the relay's child.
 */
class OrderTraceIT {

  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @Test
  void anOrderIsOneTraceFromTheRestRequestThroughTheRelayToTheInbox() throws Exception {
    Path directory = SystemTestPaths.workDirectory().resolve("order-trace");
    Directories.deleteRecursively(directory);
    try (OtlpReceiver receiver = OtlpReceiver.start();
        Infrastructure infrastructure = Infrastructure.start(directory, false);
        Services services =
            new Services(
                infrastructure,
                "exactly-once",
                directory,
                new FaultLog(),
                receiver.environment())) {
      services.start(PATIENCE);

      String orderId = placeOrder(services);

      ReceivedSpan consumed =
          await("inbox-consumer's span of order " + orderId)
              .atMost(Duration.ofSeconds(60))
              .until(() -> consumerSpanOf(receiver.spans(), orderId), Optional::isPresent)
              .orElseThrow();
      ReceivedSpan published =
          await("the relay's span, parent of " + consumed)
              .atMost(Duration.ofSeconds(30))
              .until(() -> span(receiver.spans(), consumed.parentSpanId()), Optional::isPresent)
              .orElseThrow();
      ReceivedSpan request =
          await("order-service's span, parent of " + published)
              .atMost(Duration.ofSeconds(30))
              .until(() -> span(receiver.spans(), published.parentSpanId()), Optional::isPresent)
              .orElseThrow();

      assertThat(consumed.service()).isEqualTo("inbox-consumer");
      assertThat(consumed.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
      assertThat(consumed.attributes()).containsEntry("onceflow.aggregate.id", orderId);

      assertThat(published.service()).isEqualTo("outbox-relay");
      assertThat(published.kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
      assertThat(published.attributes())
          .containsEntry("messaging.system", "kafka")
          .containsEntry("messaging.destination.name", "outbox.event.order")
          .containsEntry("messaging.message.id", consumed.attributes().get("messaging.message.id"));

      assertThat(request.service()).isEqualTo("order-service");
      assertThat(request.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
      assertThat(request.name()).isEqualTo("POST /orders");
      assertThat(request.parentSpanId()).as("the REST span is the trace's root").isEmpty();

      assertThat(List.of(request, published, consumed))
          .extracting(ReceivedSpan::traceId)
          .containsOnly(request.traceId());
      assertThat(receiver.spans())
          .filteredOn(span -> span.traceId().equals(request.traceId()))
          .extracting(ReceivedSpan::service)
          .contains("order-service", "outbox-relay", "inbox-consumer")
          // The saga's next hop continues the trace: payment-service consumes the same event (and
          // its payment event goes through the payments relay shard, also an outbox-relay).
          .isSubsetOf("order-service", "outbox-relay", "inbox-consumer", "payment-service");
      // Each consumed event has one CONSUMER span, the inbox's own (it names the aggregate); a
      // per-record span of the Kafka connector would be a second one, with no aggregate.
      assertThat(receiver.spans())
          .filteredOn(span -> span.traceId().equals(request.traceId()))
          .filteredOn(span -> span.kind() == SpanKind.SPAN_KIND_CONSUMER)
          .allSatisfy(
              span ->
                  assertThat(span.attributes())
                      .as("%s in %s", span.name(), span.service())
                      .containsEntry("onceflow.aggregate.id", orderId));
    }
  }

  private static String placeOrder(Services services) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(services.orderService().uri("/orders"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .header(ServiceToken.HEADER, ServiceToken.authorization(services.serviceToken()))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"customerId\":\"c-trace\",\"currency\":\"EUR\",\"lines\":"
                        + "[{\"sku\":\"SKU-1\",\"quantity\":2,\"unitPrice\":1.50}]}"))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new ObjectMapper().readTree(response.body()).get("id").asText();
  }

  private static Optional<ReceivedSpan> consumerSpanOf(List<ReceivedSpan> spans, String orderId) {
    return spans.stream()
        .filter(span -> span.kind() == SpanKind.SPAN_KIND_CONSUMER)
        // payment-service consumes the same event (the saga's next hop): its span is not this one.
        .filter(span -> span.service().equals("inbox-consumer"))
        .filter(span -> orderId.equals(span.attributes().get("onceflow.aggregate.id")))
        .findFirst();
  }

  private static Optional<ReceivedSpan> span(List<ReceivedSpan> spans, String spanId) {
    return spans.stream().filter(span -> span.spanId().equals(spanId)).findFirst();
  }
}
