package dev.onceflow.order.rest;

import dev.onceflow.contract.order.OrderLine;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * One line of {@link PlaceOrderRequest}. The bounds keep every total within the database's {@code
 * numeric(19,2)}: at most 100 lines of 10,000 units at under a billion each.
 *
 * @param sku the stock-keeping unit ordered
 * @param quantity how many, 1 to {@value #MAX_QUANTITY}
 * @param unitPrice price of one unit in the order's currency: positive, at most two decimals
 */
public record OrderLineRequest(
    @NotBlank
        @Size(max = 64)
        @Pattern(regexp = Text.NO_CONTROL_CHARACTERS, message = Text.NO_CONTROL_CHARACTERS_MESSAGE)
        String sku,
    @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity,
    @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 9, fraction = 2)
        BigDecimal unitPrice) {

  /** The largest quantity one line may order. */
  public static final int MAX_QUANTITY = 10_000;

  OrderLine toContract() {
    return new OrderLine(sku, quantity, unitPrice);
  }
}
