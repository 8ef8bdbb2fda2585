package dev.onceflow.order.rest;

/** Shared constraints on free text taken from requests. */
final class Text {

  /**
   * No control characters: PostgreSQL rejects NUL in {@code text} and {@code jsonb}, and the rest
   * have no business in names, SKUs or reasons.
   */
  static final String NO_CONTROL_CHARACTERS = "[^\\p{Cntrl}]*";

  static final String NO_CONTROL_CHARACTERS_MESSAGE = "must not contain control characters";

  private Text() {}
}
