package dev.onceflow.core.inbox.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the batches the consumer has finished (whatever their outcome), for stall detection. */
@ApplicationScoped
public class ConsumerProgress {

  private final AtomicLong batches = new AtomicLong();

  public void batchHandled() {
    batches.incrementAndGet();
  }

  public long batchesHandled() {
    return batches.get();
  }
}
