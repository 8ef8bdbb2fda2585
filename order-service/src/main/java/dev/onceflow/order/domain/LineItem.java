package dev.onceflow.order.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/** One line of an {@link Order}: a quantity of a SKU at a unit price in the order's currency. */
@Embeddable
public class LineItem {

  @Column(name = "sku", nullable = false)
  private String sku;

  @Column(name = "quantity", nullable = false)
  private int quantity;

  @Column(name = "unit_price", nullable = false, precision = 11, scale = 2)
  private BigDecimal unitPrice;

  protected LineItem() {}

  LineItem(String sku, int quantity, BigDecimal unitPrice) {
    this.sku = sku;
    this.quantity = quantity;
    this.unitPrice = unitPrice;
  }

  public String sku() {
    return sku;
  }

  public int quantity() {
    return quantity;
  }

  public BigDecimal unitPrice() {
    return unitPrice;
  }

  BigDecimal amount() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
