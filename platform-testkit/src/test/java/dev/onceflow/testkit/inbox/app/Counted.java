package dev.onceflow.testkit.inbox.app;

/** The test application's only event: it names its aggregate and its place in it. */
public record Counted(String aggregateId, long sequence) {

  /** The {@code eventType} header of every {@code Counted} record. */
  public static final String TYPE = "Counted";
}
