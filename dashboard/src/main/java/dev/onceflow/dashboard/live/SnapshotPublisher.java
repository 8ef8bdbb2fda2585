package dev.onceflow.dashboard.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Builds one snapshot a second and serializes it once; every browser connection sends the same
 * text, so the cost does not grow with the number of viewers. Each snapshot is pushed to the
 * connections as soon as it is built: a connection with its own one-second timer would show it up
 * to a second later (half a second on average).
 */
@ApplicationScoped
public class SnapshotPublisher {

  private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

  private final SnapshotAssembler assembler;
  private final ObjectMapper json;
  private final AtomicReference<String> latest = new AtomicReference<>();
  private final BroadcastProcessor<String> built = BroadcastProcessor.create();

  SnapshotPublisher(SnapshotAssembler assembler, ObjectMapper json) {
    this.assembler = assembler;
    this.json = json;
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void publish() {
    String snapshot;
    try {
      snapshot = json.writeValueAsString(assembler.snapshot());
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warnf(e, "Building the snapshot failed");
      return;
    }
    latest.set(snapshot);
    built.onNext(snapshot);
  }

  /**
   * The latest snapshot at once, then every snapshot as it is built. A subscriber that has not
   * asked for more when one is built misses it rather than buffering it.
   */
  public Multi<String> stream() {
    return Multi.createBy()
        .concatenating()
        .streams(Multi.createFrom().item(this::latest), built)
        .onOverflow()
        .drop();
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
