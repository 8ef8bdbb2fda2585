package dev.onceflow.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.contract.payment.PaymentEvents;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The printed ledger: one row per count, totals first, a broken rule in bold. */
class LedgerReportTest {

  private final BalancedBooks books = new BalancedBooks();

  @Test
  void everyCountIsARowAndOnlyABrokenRuleIsBold() {
    books.unpublish(books.record(OnceflowTopics.PAYMENT_EVENTS, books.rejected, 1));

    String table = LedgerReport.table(result(FaultScenario.EXACTLY_ONCE, books.balance()));

    for (LedgerRows.Row row : books.balance().rows()) {
      assertThat(table).contains(row.label());
    }
    assertThat(table.indexOf("orders committed"))
        .isLessThan(table.indexOf("every count below must be 0"));
    assertThat(table)
        .containsPattern(
            "\\| \\*\\*payment events lost \\(implied, not in Kafka\\)\\*\\* +\\| +1 \\|");
    assertThat(table).doesNotContain("**order events lost");
  }

  @Test
  void duplicatesAreBoldOnlyWhenTheRelayPromisedExactlyOnce() {
    EventRecord decision = books.record(OnceflowTopics.PAYMENT_EVENTS, books.confirmed, 1);
    books.append(
        OnceflowTopics.PAYMENT_EVENTS,
        decision.partition(),
        books.confirmed,
        UUID.fromString(decision.eventId()),
        PaymentEvents.PAYMENT_AUTHORIZED,
        1);
    Ledger ledger = books.balance();

    assertThat(LedgerReport.table(result(FaultScenario.EXACTLY_ONCE, ledger)))
        .contains("**payment records duplicated (same event id) (0 if exactly-once)**");
    assertThat(LedgerReport.table(result("at-least-once", ledger)))
        .doesNotContain("**payment records duplicated");
    Map<String, Object> json = LedgerReport.json(result("at-least-once", ledger));
    assertThat(json)
        .containsEntry("violations", 0L)
        .containsEntry("duplicate_kafka_records", 1L)
        .containsEntry("payment_records_duplicate_event_id", 1L);
  }

  private FaultScenario.Result result(String delivery, Ledger ledger) {
    return new FaultScenario.Result(
        new FaultScenario.Plan("unit", delivery, List.of(), 1, 1),
        ledger,
        new FaultLog(),
        books.requests,
        10,
        0,
        "none",
        1,
        2);
  }
}
