package dev.onceflow.dashboard.rest;

import dev.onceflow.dashboard.live.ChartHistory;
import dev.onceflow.dashboard.live.Snapshot;
import dev.onceflow.dashboard.live.SnapshotPublisher;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The live feed: one snapshot a second over server-sent events, and the chart history. */
@Path("/api")
public class StreamResource {

  private final SnapshotPublisher snapshots;
  private final ChartHistory history;

  StreamResource(SnapshotPublisher snapshots, ChartHistory history) {
    this.snapshots = snapshots;
    this.history = history;
  }

  /**
   * Server-sent events, one {@link Snapshot} (JSON) a second as soon as it is built, the first at
   * once. A slow client misses snapshots rather than buffering them.
   */
  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  public Multi<String> stream() {
    return snapshots.stream();
  }

  /** The latest snapshot, for clients that poll. */
  @GET
  @Path("/snapshot")
  @Produces(MediaType.APPLICATION_JSON)
  public String snapshot() {
    return snapshots.latest();
  }

  /** The chart history, one point a second, oldest first. */
  @GET
  @Path("/history")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Snapshot.Point> history() {
    return history.points();
  }
}
