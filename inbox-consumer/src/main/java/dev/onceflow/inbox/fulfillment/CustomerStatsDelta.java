package dev.onceflow.inbox.fulfillment;

import java.math.BigDecimal;

/** What one batch adds to a customer's counters: written as increments, never as totals. */
final class CustomerStatsDelta {
  long placed;
  long cancelled;
  BigDecimal amount = BigDecimal.ZERO;
}
