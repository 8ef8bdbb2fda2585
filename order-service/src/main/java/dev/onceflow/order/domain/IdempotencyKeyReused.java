package dev.onceflow.order.domain;

/**
 * An {@code Idempotency-Key} came back with a different request: replaying the first order would
 * silently ignore the second request's content, so it is refused instead.
 */
public class IdempotencyKeyReused extends RuntimeException {

  public IdempotencyKeyReused(String idempotencyKey) {
    super("Idempotency-Key " + idempotencyKey + " was already used for a different order request");
  }
}
