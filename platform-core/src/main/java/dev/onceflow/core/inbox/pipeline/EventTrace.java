package dev.onceflow.core.inbox.pipeline;

import dev.onceflow.core.inbox.ConsumedEvent;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jboss.logging.MDC;

/**
 * Continues the producer's trace while the consumer works on one event: a consumer span whose
 * parent is the event's {@code traceparent}, and the trace id, span id and event id in the logging
 * MDC ({@code %X{traceId}}, {@code %X{spanId}}, {@code %X{eventId}}).
 *
 * <p>Only the OpenTelemetry API is on the class path: without an SDK the span is a non-recording
 * one that carries the parent's context, so logs still correlate and nothing needs a collector. An
 * application that adds an OpenTelemetry SDK gets real spans with no code change.
 */
public final class EventTrace {

  public static final String MDC_TRACE_ID = "traceId";
  public static final String MDC_SPAN_ID = "spanId";
  public static final String MDC_EVENT_ID = "eventId";

  /** Span attribute: the aggregate the event belongs to, e.g. the order id. */
  public static final String AGGREGATE_ID = "onceflow.aggregate.id";

  private EventTrace() {}

  /** Opens the event's trace scope; close it when done with the event. */
  public static Scope open(ConsumedEvent<?> event) {
    MDC.put(MDC_EVENT_ID, event.eventId().toString());
    SpanContext parent = parse(event.traceparent());
    if (parent == null) {
      return new Scope(null, null);
    }
    Tracer tracer = GlobalOpenTelemetry.getTracer("onceflow-inbox");
    Span span =
        tracer
            .spanBuilder(event.eventType() + " apply")
            .setParent(Context.root().with(Span.wrap(parent)))
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("messaging.message.id", event.eventId().toString())
            .setAttribute(AGGREGATE_ID, event.aggregateId())
            .startSpan();
    SpanContext current = span.getSpanContext().isValid() ? span.getSpanContext() : parent;
    MDC.put(MDC_TRACE_ID, current.getTraceId());
    MDC.put(MDC_SPAN_ID, current.getSpanId());
    return new Scope(span, span.makeCurrent());
  }

  /** The parent span context of a W3C {@code traceparent}, or {@code null} if absent or invalid. */
  public static SpanContext parse(String traceparent) {
    if (traceparent == null || traceparent.length() != 55) {
      return null;
    }
    String traceId = traceparent.substring(3, 35);
    String spanId = traceparent.substring(36, 52);
    byte flags;
    try {
      flags = (byte) Integer.parseInt(traceparent.substring(53, 55), 16);
    } catch (NumberFormatException e) {
      return null;
    }
    SpanContext context =
        SpanContext.createFromRemoteParent(
            traceId, spanId, TraceFlags.fromByte(flags), TraceState.getDefault());
    return context.isValid() ? context : null;
  }

  /** Ends the span and clears the MDC entries. */
  public static final class Scope implements AutoCloseable {
    private final Span span;
    private final io.opentelemetry.context.Scope otelScope;

    private Scope(Span span, io.opentelemetry.context.Scope otelScope) {
      this.span = span;
      this.otelScope = otelScope;
    }

    @Override
    public void close() {
      if (otelScope != null) {
        otelScope.close();
      }
      if (span != null) {
        span.end();
      }
      MDC.remove(MDC_TRACE_ID);
      MDC.remove(MDC_SPAN_ID);
      MDC.remove(MDC_EVENT_ID);
    }
  }
}
