package dev.onceflow.core.inbox.fault;

import java.time.Duration;

/** Waits between two attempts on the consumer's own thread, which has nothing else to do. */
public final class Backoff {

  private Backoff() {}

  /**
   * Waits {@code duration}.
   *
   * @throws ConsumerStopping if the thread is interrupted (the application is shutting down)
   */
  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConsumerStopping(e);
    }
  }

  /**
   * The consumer stops without acknowledging: interrupted while waiting to retry, or its batch
   * failed while the application shuts down.
   */
  public static class ConsumerStopping extends RuntimeException {
    public ConsumerStopping(InterruptedException cause) {
      super("interrupted while waiting to retry", cause);
    }

    public ConsumerStopping(RuntimeException cause) {
      super("the batch failed while the application stops: " + cause, cause);
    }
  }
}
