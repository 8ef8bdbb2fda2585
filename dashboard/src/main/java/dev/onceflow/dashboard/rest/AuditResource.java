package dev.onceflow.dashboard.rest;

import dev.onceflow.dashboard.audit.AuditView;
import dev.onceflow.dashboard.audit.ExactlyOnceAudit;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The live exactly-once audit: its counts and anomalies, and whether one event is proved once. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  private final ExactlyOnceAudit audit;

  AuditResource(ExactlyOnceAudit audit) {
    this.audit = audit;
  }

  /** The audit as the snapshot carries it. */
  @GET
  public AuditView audit() {
    refuseWhenOff();
    return audit.view(List.of());
  }

  /**
   * Whether an event is proved once: {@code once}, {@code pending}, or its anomaly kinds; {@code
   * 404} when the audit does not know the event (published before it started, or forgotten).
   */
  @GET
  @Path("/events/{id}")
  public Map<String, String> event(@PathParam("id") String id) {
    refuseWhenOff();
    String proof = audit.proof(id);
    if (proof == null) {
      throw new NotFoundException("the audit does not know event " + id);
    }
    return Map.of("eventId", id, "proof", proof);
  }

  private void refuseWhenOff() {
    if (!audit.enabled()) {
      throw new Problems.NotFound(
          "The exactly-once audit is switched off (onceflow.dashboard.audit.enabled=false)");
    }
  }
}
