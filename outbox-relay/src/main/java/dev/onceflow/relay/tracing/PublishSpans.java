package dev.onceflow.relay.tracing;

import dev.onceflow.contract.OnceflowHeaders;
import dev.onceflow.relay.publish.PublishableEvent;
import dev.onceflow.tracing.OtlpExportSwitch;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One PRODUCER span per published event, so that an order's trace runs from the REST request
 * through the outbox and Kafka into every inbox.
 *
 * <p>The span's parent is the trace context the outbox row stored (its {@code traceparent} column,
 * carried as a header by the router); the record's {@code traceparent} header is then replaced with
 * the span's own, so each consumer's span is a child of the publish. The span lasts from the moment
 * the relay takes the event until Kafka committed its batch, retries included.
 *
 * <p>Per-event cost matters: with the OpenTelemetry SDK disabled (no OTLP endpoint, see {@link
 * OtlpExportSwitch}) no span is created and the header passes through untouched; an event written
 * outside any trace gets no span either (it would be a root span per event, noise).
 */
@Singleton
public class PublishSpans {

  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  private static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  private static final AttributeKey<String> MESSAGE_ID =
      AttributeKey.stringKey("messaging.message.id");
  private static final AttributeKey<String> MESSAGE_KEY =
      AttributeKey.stringKey("messaging.kafka.message.key");

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private final Tracer tracer;

  PublishSpans(
      OpenTelemetry openTelemetry,
      @ConfigProperty(name = OtlpExportSwitch.SDK_DISABLED) boolean sdkDisabled) {
    this.tracer = sdkDisabled ? null : openTelemetry.getTracer("onceflow-relay");
  }

  /** No spans, ever: for tests and tools that run the engine without tracing. */
  public static PublishSpans disabled() {
    return new PublishSpans(OpenTelemetry.noop(), true);
  }

  /** Whether events get spans at all. */
  public boolean enabled() {
    return tracer != null;
  }

  /**
   * Starts the spans of a batch about to be published and puts each span's trace context in its
   * record's {@code traceparent} header; must run before the records are first sent (Kafka makes
   * their headers read-only).
   *
   * @return the spans to {@link #end}; empty when tracing is off
   */
  public List<Span> start(List<PublishableEvent> events) {
    if (tracer == null || events.isEmpty()) {
      return List.of();
    }
    List<Span> spans = new ArrayList<>(events.size());
    for (PublishableEvent event : events) {
      Span span = start(event.record());
      if (span != null) {
        spans.add(span);
      }
    }
    return spans;
  }

  private Span start(ProducerRecord<byte[], byte[]> record) {
    Headers headers = record.headers();
    Context parent = W3C.extract(Context.root(), headers, GETTER);
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return null;
    }
    String topic = record.topic();
    Span span =
        tracer
            .spanBuilder("send " + topic)
            .setParent(parent)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(SYSTEM, "kafka")
            .setAttribute(DESTINATION, topic)
            .setAttribute(OPERATION_TYPE, "send")
            .setAttribute(OPERATION_NAME, "send")
            .setAttribute(MESSAGE_ID, text(headers.lastHeader(OnceflowHeaders.EVENT_ID)))
            .setAttribute(
                MESSAGE_KEY,
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8))
            .startSpan();
    headers.remove(OnceflowHeaders.TRACEPARENT);
    headers.remove("tracestate"); // carried by the span context, injected again if any
    W3C.inject(Context.root().with(span), headers, SETTER);
    return span;
  }

  /** Ends a batch's spans: published, or given up with {@code failure}. */
  public void end(List<Span> spans, Throwable failure) {
    for (Span span : spans) {
      if (failure != null) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, "the batch was not published");
      }
      span.end();
    }
  }

  private static String text(Header header) {
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static final TextMapGetter<Headers> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
          return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
        }

        @Override
        public String get(Headers headers, String key) {
          return headers == null ? null : text(headers.lastHeader(key));
        }
      };

  private static final TextMapSetter<Headers> SETTER =
      (headers, key, value) -> {
        if (headers != null) {
          headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
      };
}
