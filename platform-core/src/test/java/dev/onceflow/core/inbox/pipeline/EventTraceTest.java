package dev.onceflow.core.inbox.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class EventTraceTest {

  @Test
  void theTraceparentContinuesInTheMdcWhileTheEventIsHandled() {
    ConsumedEvent<Object> event = event("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    try (EventTrace.Scope scope = EventTrace.open(event)) {
      assertThat(MDC.get(EventTrace.MDC_TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(MDC.get(EventTrace.MDC_EVENT_ID)).isEqualTo(event.eventId().toString());
    }
    assertThat(MDC.get(EventTrace.MDC_TRACE_ID)).isNull();
    assertThat(MDC.get(EventTrace.MDC_EVENT_ID)).isNull();
  }

  @Test
  void withoutTraceparentOnlyTheEventIdIsSet() {
    try (EventTrace.Scope scope = EventTrace.open(event(null))) {
      assertThat(MDC.get(EventTrace.MDC_TRACE_ID)).isNull();
      assertThat(MDC.get(EventTrace.MDC_EVENT_ID)).isNotNull();
    }
  }

  @Test
  void anAllZeroTraceIdIsNotAParent() {
    assertThat(EventTrace.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
        .isNull();
    assertThat(EventTrace.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz"))
        .isNull();
  }

  private static ConsumedEvent<Object> event(String traceparent) {
    return new ConsumedEvent<>(
        UUID.randomUUID(),
        "OrderPlaced",
        1,
        "o-1",
        1,
        null,
        null,
        traceparent,
        new EventEnvelope("o-1", new byte[0], Map.of(), "t", 0, 0));
  }
}
