package dev.onceflow.core.outbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * RFC 9562 version 7 UUIDs: a millisecond timestamp followed by random bits. Event ids generated
 * this way are unique without coordination and arrive at the primary-key index in roughly ascending
 * order, which keeps inserts on its right-most pages.
 */
public final class TimeOrderedIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TimeOrderedIds() {}

  /** A new version 7 UUID stamped with the given clock's current millisecond. */
  public static UUID next(Clock clock) {
    long millis = clock.millis();
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
