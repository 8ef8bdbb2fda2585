package dev.onceflow.dashboard.scrape;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A service's health as last read (or Kafka's, through its Admin API). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Component(
    String name, String url, String status, List<Check> checks, String error, Instant checkedAt) {

  /** One health check of a component. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Check(String name, String status) {}
}
