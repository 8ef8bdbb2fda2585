package dev.onceflow.order.domain;

import dev.onceflow.contract.order.OrderLine;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a customer asks to order; already validated by the caller.
 *
 * @param customerId who orders
 * @param currency ISO 4217 code of every price
 * @param lines at least one line; prices have at most two decimals
 */
public record NewOrder(String customerId, String currency, List<OrderLine> lines) {

  public NewOrder {
    lines = List.copyOf(lines);
  }

  /**
   * A digest of the request's meaning, stored with its Idempotency-Key: a retry must ask for the
   * same order, and {@code 10.5} and {@code 10.50} are the same price.
   */
  String fingerprint() {
    StringBuilder canonical = new StringBuilder();
    field(canonical, customerId);
    field(canonical, currency);
    for (OrderLine line : lines) {
      field(canonical, line.sku());
      field(canonical, Integer.toString(line.quantity()));
      field(canonical, canonicalAmount(line.unitPrice()));
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }

  // Length-prefixed, so no choice of values can make two different requests read the same.
  private static void field(StringBuilder canonical, String value) {
    canonical.append(value.length()).append(':').append(value).append(';');
  }

  private static String canonicalAmount(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }
}
