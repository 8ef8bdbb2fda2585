package dev.onceflow.relay.testing;

import dev.onceflow.contract.OnceflowHeaders;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Compares what was committed to the outbox with what a {@code read_committed} consumer received:
 * events lost, events received more than once, events received out of order within their aggregate,
 * and events that were never committed (rolled back) but appeared anyway.
 *
 * @param lost committed events never received
 * @param duplicates receptions beyond the first of an event id
 * @param orderViolations receptions whose sequence is not above the previous one of the same key
 * @param phantoms receptions of ids that were never committed
 */
public record DeliveryAudit(int lost, int duplicates, int orderViolations, int phantoms) {

  /** Audits {@code received} against the {@code committed} rows. */
  public static DeliveryAudit of(Collection<OutboxRow> committed, List<ReceivedEvent> received) {
    Set<UUID> expected = new HashSet<>();
    committed.forEach(row -> expected.add(row.id()));
    Set<UUID> seen = new HashSet<>();
    Map<String, Long> lastSequence = new HashMap<>();
    int duplicates = 0;
    int orderViolations = 0;
    int phantoms = 0;
    for (ReceivedEvent event : received) {
      UUID id = UUID.fromString(event.headers().get(OnceflowHeaders.EVENT_ID));
      if (!expected.contains(id)) {
        phantoms++;
      }
      if (!seen.add(id)) {
        duplicates++;
      }
      long sequence = Long.parseLong(event.headers().get(OnceflowHeaders.AGGREGATE_SEQUENCE));
      Long previous = lastSequence.put(event.key(), sequence);
      if (previous != null && sequence <= previous) {
        orderViolations++;
      }
    }
    int lost = 0;
    for (UUID id : expected) {
      if (!seen.contains(id)) {
        lost++;
      }
    }
    return new DeliveryAudit(lost, duplicates, orderViolations, phantoms);
  }

  /** Whether every committed event arrived exactly once and in order. */
  public boolean exactlyOnce() {
    return lost == 0 && duplicates == 0 && orderViolations == 0 && phantoms == 0;
  }
}
