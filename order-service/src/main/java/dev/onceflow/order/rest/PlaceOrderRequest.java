package dev.onceflow.order.rest;

import dev.onceflow.order.domain.NewOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /orders}.
 *
 * @param customerId who orders; 1 to 64 characters
 * @param currency ISO 4217 code of every price, e.g. {@code EUR}
 * @param lines 1 to {@value #MAX_LINES} lines
 */
public record PlaceOrderRequest(
    @NotBlank
        @Size(max = 64)
        @Pattern(regexp = Text.NO_CONTROL_CHARACTERS, message = Text.NO_CONTROL_CHARACTERS_MESSAGE)
        String customerId,
    @NotNull @CurrencyCode String currency,
    @NotNull @Size(min = 1, max = MAX_LINES) List<@NotNull @Valid OrderLineRequest> lines) {

  /** The most lines one order may have. */
  public static final int MAX_LINES = 100;

  NewOrder toNewOrder() {
    return new NewOrder(
        customerId, currency, lines.stream().map(OrderLineRequest::toContract).toList());
  }
}
