package dev.onceflow.order.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Optional body of {@code POST /orders/{id}/cancel}.
 *
 * @param reason why the order is cancelled, up to 500 characters; may be omitted
 */
public record CancelOrderRequest(
    @Size(max = 500)
        @Pattern(regexp = Text.NO_CONTROL_CHARACTERS, message = Text.NO_CONTROL_CHARACTERS_MESSAGE)
        String reason) {}
