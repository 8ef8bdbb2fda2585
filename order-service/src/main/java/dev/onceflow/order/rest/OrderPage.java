package dev.onceflow.order.rest;

import java.util.List;

/**
 * One page of {@code GET /orders}.
 *
 * @param page zero-based index of this page
 * @param size the page size applied (the requested size, capped at the configured maximum)
 * @param totalCount how many orders match across all pages
 * @param totalPages how many pages of this size there are
 * @param items this page's orders, newest first
 */
public record OrderPage(
    int page, int size, long totalCount, long totalPages, List<OrderView> items) {}
