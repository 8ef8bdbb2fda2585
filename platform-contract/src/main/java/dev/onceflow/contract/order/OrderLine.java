package dev.onceflow.contract.order;

import java.math.BigDecimal;

/** One line of a placed order, as carried in {@link OrderPlaced}. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {}
