package dev.onceflow.order.rest;

/**
 * A query parameter broke a rule that an annotation cannot state (it depends on configuration, or
 * on decoding): answered as {@code invalid-request} naming the parameter.
 */
class InvalidParameter extends RuntimeException {

  private final String field;

  InvalidParameter(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
