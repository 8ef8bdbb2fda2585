package dev.onceflow.dashboard.live;

import dev.onceflow.dashboard.DashboardConfig;
import dev.onceflow.dashboard.graph.PipelineGraph;
import dev.onceflow.dashboard.journey.JourneyStore;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one journey store (the most recent {@code window.journeys} events) and the one pipeline
 * graph.
 */
@Dependent
class JourneyWindow {

  @Produces
  @Singleton
  JourneyStore journeys(DashboardConfig config) {
    return new JourneyStore(config.window().journeys());
  }

  @Produces
  @Singleton
  PipelineGraph graph(DashboardConfig config) {
    return new PipelineGraph(config.eventTopicPrefix());
  }
}
