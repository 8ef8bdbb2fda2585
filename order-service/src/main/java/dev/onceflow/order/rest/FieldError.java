package dev.onceflow.order.rest;

/**
 * One reason a request was refused.
 *
 * @param field where: a JSON path into the body such as {@code lines[0].quantity}, a query
 *     parameter such as {@code size}, a header such as {@code Idempotency-Key}, or {@code body} for
 *     the body as a whole
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {}
