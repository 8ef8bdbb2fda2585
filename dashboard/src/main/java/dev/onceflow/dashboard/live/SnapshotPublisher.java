package dev.onceflow.dashboard.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Builds one snapshot a second and serializes it once; every browser connection sends the same
 * text, so the cost does not grow with the number of viewers.
 */
@ApplicationScoped
public class SnapshotPublisher {

  private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

  private final Pipeline pipeline;
  private final ObjectMapper json;
  private final AtomicReference<String> latest = new AtomicReference<>();

  SnapshotPublisher(Pipeline pipeline, ObjectMapper json) {
    this.pipeline = pipeline;
    this.json = json;
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void publish() {
    try {
      latest.set(json.writeValueAsString(pipeline.snapshot()));
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warnf(e, "Building the snapshot failed");
    }
  }

  /** The last snapshot as JSON, building one if none was built yet. */
  public String latest() {
    String current = latest.get();
    if (current == null) {
      publish();
      current = latest.get();
    }
    return current;
  }
}
