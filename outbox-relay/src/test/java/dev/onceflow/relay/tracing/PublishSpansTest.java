package dev.onceflow.relay.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.relay.publish.PublishableEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class PublishSpansTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT_SPAN_ID = "b7ad6b7169203331";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01";

  private final List<SpanData> exported = new CopyOnWriteArrayList<>();
  private final PublishSpans spans =
      new PublishSpans(
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .addSpanProcessor(SimpleSpanProcessor.create(new Collecting()))
                      .build())
              .build(),
          false);

  @Test
  void theSpanIsAChildOfTheStoredTraceparentAndReplacesIt() {
    PublishableEvent event = event("e-1", TRACEPARENT);

    spans.end(spans.start(List.of(event)), null);

    assertThat(exported).hasSize(1);
    SpanData span = exported.get(0);
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
    assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(span.getName()).isEqualTo("send outbox.event.order");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system")))
        .isEqualTo("kafka");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
        .isEqualTo("outbox.event.order");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))
        .isEqualTo("e-1");
    assertThat(header(event, OnceflowHeaders.TRACEPARENT))
        .isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
    assertThat(event.record().headers().headers(OnceflowHeaders.TRACEPARENT)).hasSize(1);
  }

  @Test
  void aBatchThatFailedEndsItsSpansAsErrors() {
    spans.end(spans.start(List.of(event("e-1", TRACEPARENT))), new IllegalStateException("no"));

    assertThat(exported)
        .singleElement()
        .satisfies(
            span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
  }

  @Test
  void anUntracedEventGetsNoSpan() {
    PublishableEvent event = event("e-1", null);

    assertThat(spans.start(List.of(event))).isEmpty();
    assertThat(event.record().headers().lastHeader(OnceflowHeaders.TRACEPARENT)).isNull();
  }

  @Test
  void disabledTracingLeavesTheHeaderAlone() {
    PublishableEvent event = event("e-1", TRACEPARENT);
    PublishSpans off = PublishSpans.disabled();

    assertThat(off.enabled()).isFalse();
    assertThat(off.start(List.of(event))).isEmpty();
    assertThat(header(event, OnceflowHeaders.TRACEPARENT)).isEqualTo(TRACEPARENT);
  }

  private static PublishableEvent event(String id, String traceparent) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            "outbox.event.order",
            null,
            "o-1".getBytes(StandardCharsets.UTF_8),
            "{}".getBytes(StandardCharsets.UTF_8));
    record.headers().add(new RecordHeader(OnceflowHeaders.EVENT_ID, bytes(id)));
    if (traceparent != null) {
      record.headers().add(new RecordHeader(OnceflowHeaders.TRACEPARENT, bytes(traceparent)));
    }
    return new PublishableEvent(record, null);
  }

  private static String header(PublishableEvent event, String key) {
    return new String(event.record().headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private final class Collecting implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exported.addAll(spans);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
