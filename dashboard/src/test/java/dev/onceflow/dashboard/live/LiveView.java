package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.audit.ExactlyOnceAudit;
import dev.onceflow.dashboard.graph.PipelineGraph;
import dev.onceflow.dashboard.journey.JourneyStore;
import java.time.Clock;

/** The live view's beans wired by hand, as CDI wires them, for tests without Quarkus. */
record LiveView(
    Pipeline pipeline, SnapshotAssembler assembler, ChartHistory history, JourneyStore journeys) {

  static LiveView of(Clock clock, DashboardConfig config, ExactlyOnceAudit audit) {
    JourneyStore journeys = new JourneyWindow().journeys(config);
    KafkaThroughput kafka = new KafkaThroughput(config);
    PartitionLag partitions = new PartitionLag();
    Latencies latencies = new Latencies(config);
    JournalOutcomes journal = new JournalOutcomes(config);
    DeadLetterTally deadLetters = new DeadLetterTally();
    ServiceCounters services = new ServiceCounters();
    Alerts alerts = new Alerts(clock, config);
    LatestScrape latestScrape = new LatestScrape(clock);
    PipelineGraph graph = new JourneyWindow().graph(config);
    ChartHistory history =
        new ChartHistory(config, services, kafka, journal, deadLetters, latencies);
    Pipeline pipeline =
        new Pipeline(
            clock,
            journeys,
            kafka,
            partitions,
            latencies,
            journal,
            deadLetters,
            services,
            alerts,
            latestScrape,
            graph);
    SnapshotAssembler assembler =
        new SnapshotAssembler(
            clock,
            config,
            journeys,
            kafka,
            partitions,
            latencies,
            journal,
            deadLetters,
            services,
            alerts,
            latestScrape,
            history,
            audit,
            graph);
    return new LiveView(pipeline, assembler, history, journeys);
  }
}
