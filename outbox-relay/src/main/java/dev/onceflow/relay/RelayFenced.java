package dev.onceflow.relay;

/**
 * Another instance took over this relay's shard (it initialized the same {@code transactional.id}),
 * or Kafka refused the producer for good (out-of-order sequence, authorization). This instance must
 * not publish anything more: its producer is closed and the relay stops.
 */
public class RelayFenced extends RuntimeException {

  public RelayFenced(String message, Throwable cause) {
    super(message, cause);
  }
}
