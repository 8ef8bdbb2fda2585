package dev.onceflow.dashboard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.InboxJournalEntry;
import dev.onceflow.contract.InboxJournalEntry.Outcome;
import dev.onceflow.dashboard.graph.GraphView.Edge;
import dev.onceflow.dashboard.graph.GraphView.Node;
import dev.onceflow.dashboard.scrape.Component;
import dev.onceflow.dashboard.scrape.PrometheusText;
import dev.onceflow.dashboard.scrape.ScrapeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The graph comes from what the dashboard reads: which target is a relay shard, a service writing
 * an outbox or the host of a consumer (their metrics' tags), who publishes each topic (its
 * transactional producers), who consumes it (the journal) and who writes it while handling another
 * event (timing). No name of a service appears in the code under test; the saga's names appear
 * here, and invented ones appear just the same.
 */
class PipelineGraphTest {

  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final String ORDERS = "outbox.event.order";
  static final String PAYMENTS = "outbox.event.payment";

  final PipelineGraph graph = new PipelineGraph("outbox.event.");

  @Test
  void theSagaAsTheDataShowsIt() {
    graph.scraped(
        round(
            Map.of(
                "order-service",
                "onceflow_outbox_events_written_total{aggregate=\"order\",type=\"OrderPlaced\"} 7\n"
                    + "onceflow_inbox_processed_total{consumer=\"orders\"} 5\n",
                "outbox-relay",
                "onceflow_relay_events_published_total{delivery=\"exactly-once\",shard=\"orders\"} 9\n",
                "outbox-relay-payments",
                "onceflow_relay_events_published_total{delivery=\"exactly-once\",shard=\"payments\"} 4\n",
                "inbox-consumer",
                "onceflow_inbox_processed_total{consumer=\"fulfillment\"} 12\n",
                "payment-service",
                "onceflow_inbox_processed_total{consumer=\"payments\"} 6\n"),
            Map.of(
                "onceflow-relay-orders", Set.of(ORDERS),
                "onceflow-relay-payments", Set.of(PAYMENTS))));
    saga("o1", 0);
    saga("o2", 1_000);

    GraphView view = graph.view();

    assertThat(view.nodes())
        .extracting(Node::id)
        .containsExactly(
            "service:order-service",
            "relay:orders",
            "relay:payments",
            "topic:" + ORDERS,
            "topic:" + PAYMENTS,
            "consumer:fulfillment",
            "consumer:orders",
            "consumer:payments");
    assertThat(view.nodes())
        .filteredOn(n -> n.kind().equals(GraphView.CONSUMER))
        .extracting(Node::label, Node::host, Node::total)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fulfillment", "inbox-consumer", 12.0),
            org.assertj.core.groups.Tuple.tuple("orders", "order-service", 5.0),
            org.assertj.core.groups.Tuple.tuple("payments", "payment-service", 6.0));
    assertThat(view.nodes())
        .filteredOn(n -> n.kind().equals(GraphView.RELAY))
        .extracting(Node::host)
        .containsExactly("outbox-relay", "outbox-relay-payments");
    assertThat(edges(view))
        .containsExactlyInAnyOrder(
            "relay:orders -publishes-> topic:" + ORDERS,
            "relay:payments -publishes-> topic:" + PAYMENTS,
            "service:order-service -outbox-> relay:orders",
            "consumer:payments -outbox-> relay:payments",
            "consumer:orders -outbox-> relay:orders",
            "topic:" + ORDERS + " -consumes-> consumer:payments",
            "topic:" + ORDERS + " -consumes-> consumer:fulfillment",
            "topic:" + PAYMENTS + " -consumes-> consumer:orders");
  }

  @Test
  void aParticipantNobodyToldTheDashboardAboutAppearsFromItsData() {
    // No scrape target at all: a consumer "invoicing" reads the payment topic and writes invoices.
    String invoices = "outbox.event.invoice";
    for (int i = 0; i < 3; i++) {
      String key = "o" + i;
      Instant t = T0.plusSeconds(i);
      graph.eventRead(key, PAYMENTS, t);
      graph.journalRead(processed("invoicing", key, PAYMENTS, "PaymentAuthorized", t, 10, 20));
      graph.eventRead(key, invoices, t.plusMillis(15));
    }

    assertThat(edges(graph.view()))
        .containsExactlyInAnyOrder(
            "topic:" + PAYMENTS + " -consumes-> consumer:invoicing",
            "consumer:invoicing -outbox-> topic:" + invoices);
  }

  @Test
  void aConsumerThatOnlyHappensToHandleTheSameOrderAtTheSameTimeWritesNothing() {
    for (int i = 0; i < 3; i++) {
      String key = "o" + i;
      Instant t = T0.plusSeconds(i);
      graph.eventRead(key, ORDERS, t);
      graph.journalRead(processed("payments", key, ORDERS, "OrderPlaced", t, 10, 30));
      graph.eventRead(key, PAYMENTS, t.plusMillis(20));
      // fulfillment handles the same OrderPlaced; its window holds the payment's write once only.
      long from = i == 0 ? 12 : 5;
      long to = i == 0 ? 25 : 9;
      graph.journalRead(processed("fulfillment", key, ORDERS, "OrderPlaced", t, from, to));
    }

    assertThat(edges(graph.view()))
        .containsExactlyInAnyOrder(
            "topic:" + ORDERS + " -consumes-> consumer:payments",
            "topic:" + ORDERS + " -consumes-> consumer:fulfillment",
            "consumer:payments -outbox-> topic:" + PAYMENTS);
  }

  @Test
  void anUnreachableTargetIsAServiceAndAnUnknownTransactionalIdARelay() {
    graph.scraped(
        new ScrapeResult(
            T0,
            List.of(component("payment-service", "UNREACHABLE")),
            Map.of(),
            Map.of(),
            Map.of(),
            List.of(),
            Map.of("some-producer", Set.of(PAYMENTS), "elsewhere", Set.of("other.topic"))));

    GraphView view = graph.view();
    assertThat(view.nodes())
        .extracting(Node::id, Node::health)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("service:payment-service", "UNREACHABLE"),
            org.assertj.core.groups.Tuple.tuple("relay:elsewhere", null),
            org.assertj.core.groups.Tuple.tuple("relay:some-producer", null),
            org.assertj.core.groups.Tuple.tuple("topic:" + PAYMENTS, null));
    assertThat(edges(view)).containsExactly("relay:some-producer -publishes-> topic:" + PAYMENTS);
  }

  /**
   * One order through the saga, {@code offset} ms after T0: each answer is written inside the
   * window of the consumer that handled what it answers.
   */
  private void saga(String order, long offset) {
    Instant t = T0.plusMillis(offset);
    graph.eventRead(order, ORDERS, t);
    graph.journalRead(processed("payments", order, ORDERS, "OrderPlaced", t, 10, 20));
    graph.journalRead(processed("fulfillment", order, ORDERS, "OrderPlaced", t, 30, 35));
    graph.eventRead(order, PAYMENTS, t.plusMillis(15));
    graph.journalRead(processed("orders", order, PAYMENTS, "PaymentAuthorized", t, 40, 50));
    graph.eventRead(order, ORDERS, t.plusMillis(45));
    graph.journalRead(processed("payments", order, ORDERS, "OrderConfirmed", t, 55, 58));
    graph.journalRead(processed("fulfillment", order, ORDERS, "OrderConfirmed", t, 60, 65));
  }

  static InboxJournalEntry processed(
      String consumer, String key, String topic, String type, Instant t, long from, long to) {
    return new InboxJournalEntry(
        key + "-" + type,
        consumer,
        Outcome.PROCESSED,
        type,
        key,
        topic,
        0,
        1,
        t,
        t.plusMillis(from),
        t.plusMillis(to),
        null,
        false);
  }

  private static ScrapeResult round(
      Map<String, String> metrics, Map<String, Set<String>> transactionalWriters) {
    List<Component> components = new ArrayList<>();
    Map<String, PrometheusText> parsed = new LinkedHashMap<>();
    metrics.forEach(
        (name, text) -> {
          components.add(component(name, "UP"));
          parsed.put(name, PrometheusText.parse(text));
        });
    components.add(component(ScrapeResult.KAFKA, "UP"));
    return new ScrapeResult(
        T0, components, parsed, Map.of(), Map.of(), List.of(), transactionalWriters);
  }

  private static Component component(String name, String status) {
    return new Component(name, "http://" + name, status, null, null, T0);
  }

  private static List<String> edges(GraphView view) {
    return view.edges().stream()
        .map((Edge e) -> e.from() + " -" + e.kind() + "-> " + e.to())
        .toList();
  }
}
