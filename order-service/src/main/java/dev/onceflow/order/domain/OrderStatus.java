package dev.onceflow.order.domain;

/** Where an order is in its life: placed, then possibly cancelled. */
public enum OrderStatus {
  PLACED,
  CANCELLED
}
