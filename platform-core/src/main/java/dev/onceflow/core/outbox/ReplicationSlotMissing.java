package dev.onceflow.core.outbox;

/**
 * The relay's logical replication slot does not exist in the outbox's database, so an event
 * recorded now would never be published. Thrown inside the caller's transaction, which then rolls
 * back: nothing is written, and the caller can retry once the relay is up.
 */
public class ReplicationSlotMissing extends RuntimeException {

  private final String slot;

  public ReplicationSlotMissing(String slot) {
    super(
        "Replication slot '"
            + slot
            + "' does not exist in this database, so an outbox event written now would never be"
            + " published. Start outbox-relay (it creates the slot on its first start) or create the slot"
            + " with SELECT pg_create_logical_replication_slot('"
            + slot
            + "', 'pgoutput'). Set onceflow.outbox.require-replication-slot=false only if something"
            + " other than a replication slot publishes this outbox.");
    this.slot = slot;
  }

  /** The slot that was expected. */
  public String slot() {
    return slot;
  }
}
