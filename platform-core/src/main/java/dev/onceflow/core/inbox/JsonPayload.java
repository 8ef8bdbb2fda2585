package dev.onceflow.core.inbox;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.core.inbox.fault.MalformedEvent;
import java.io.IOException;

/** Reads a JSON payload for {@link InboxHandler#decode}, turning every failure into a rejection. */
public final class JsonPayload {

  private JsonPayload() {}

  /**
   * Reads {@code value} as a {@code type}.
   *
   * @throws MalformedEvent if the value is empty, JSON {@code null} or not a {@code type}
   */
  public static <T> T read(ObjectMapper objectMapper, byte[] value, Class<T> type) {
    if (value == null || value.length == 0) {
      throw new MalformedEvent("empty payload");
    }
    try {
      T event = objectMapper.readValue(value, type);
      if (event == null) {
        throw new MalformedEvent("payload is JSON null");
      }
      return event;
    } catch (JacksonException e) {
      throw new MalformedEvent(
          "payload is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEvent("payload cannot be read: " + e.getMessage(), e);
    }
  }
}
