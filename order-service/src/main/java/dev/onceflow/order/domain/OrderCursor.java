package dev.onceflow.order.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of orders ended: the last order's creation time and id, the listing's sort key. The
 * next page starts strictly after it, so each page costs one index range scan whatever its depth,
 * and an order placed meanwhile never shifts an order from one page to the next.
 *
 * @param createdAt the last listed order's creation time
 * @param id the last listed order's id (breaks ties of {@code createdAt})
 */
public record OrderCursor(Instant createdAt, UUID id) {

  /** The cursor of the last order of a page. */
  public static OrderCursor after(Order order) {
    return new OrderCursor(order.createdAt(), order.id());
  }

  /** Opaque to clients: base64url of {@code createdAt|id}. */
  public String token() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cursor a {@link #token()} stands for.
   *
   * @throws IllegalArgumentException if {@code token} is not one
   */
  public static OrderCursor parse(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      if (bar < 0) {
        throw new IllegalArgumentException("not a cursor: " + token);
      }
      return new OrderCursor(
          Instant.parse(text.substring(0, bar)), UUID.fromString(text.substring(bar + 1)));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a cursor: " + token, e);
    }
  }
}
