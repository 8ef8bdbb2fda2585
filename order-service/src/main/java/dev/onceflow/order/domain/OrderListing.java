package dev.onceflow.order.domain;

import java.util.List;

/**
 * One page of orders.
 *
 * @param orders the page's orders, newest first
 * @param totalCount how many orders match the filter across all pages
 */
public record OrderListing(List<Order> orders, long totalCount) {}
