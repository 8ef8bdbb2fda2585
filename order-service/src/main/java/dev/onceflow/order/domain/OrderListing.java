package dev.onceflow.order.domain;

import java.util.List;

/**
 * One page of orders.
 *
 * @param orders the page's orders, newest first
 * @param next where the next page starts, or {@code null} when this is the last page
 */
public record OrderListing(List<Order> orders, OrderCursor next) {}
