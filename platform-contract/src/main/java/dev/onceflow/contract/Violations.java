package dev.onceflow.contract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects the broken fields of an event for {@link OutboxEvent#violations()}. */
public final class Violations {

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final BigDecimal TOO_LARGE = new BigDecimal("1E15");

  private final List<String> messages = new ArrayList<>();

  /** A field that must be present and at most 255 characters long. */
  public Violations required(String field, String value) {
    if (value == null || value.isBlank()) {
      messages.add(field + " is required");
    } else if (value.length() > 255) {
      messages.add(field + " is longer than 255 characters");
    }
    return this;
  }

  /** A field that must be present. */
  public Violations required(String field, Object value) {
    if (value == null) {
      messages.add(field + " is required");
    }
    return this;
  }

  /** An ISO 4217 currency code. */
  public Violations currency(String field, String value) {
    if (value == null || !CURRENCY.matcher(value).matches()) {
      messages.add(field + " must be an ISO 4217 code, was '" + value + "'");
    }
    return this;
  }

  /** An amount of zero or more, below 10^15. */
  public Violations amount(String field, BigDecimal value) {
    if (value == null || value.signum() < 0) {
      messages.add(field + " must be zero or more");
    } else if (value.compareTo(TOO_LARGE) >= 0) {
      messages.add(field + " is too large");
    }
    return this;
  }

  /** A condition the event must meet, with the message when it does not. */
  public Violations check(boolean holds, String message) {
    if (!holds) {
      messages.add(message);
    }
    return this;
  }

  /** The messages so far. */
  public List<String> messages() {
    return List.copyOf(messages);
  }
}
