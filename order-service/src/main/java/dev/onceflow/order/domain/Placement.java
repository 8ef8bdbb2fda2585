package dev.onceflow.order.domain;

/**
 * The outcome of placing an order.
 *
 * @param order the order now stored
 * @param created {@code true} if this call created it; {@code false} if its Idempotency-Key had
 *     already created it and nothing was written
 */
public record Placement(Order order, boolean created) {}
