package dev.onceflow.order.rest;

import java.util.List;

/**
 * One page of {@code GET /orders}.
 *
 * @param size the page size applied
 * @param items this page's orders, newest first
 * @param next pass it as {@code after} for the next page; {@code null} on the last page
 */
public record OrderPage(int size, List<OrderView> items, String next) {}
