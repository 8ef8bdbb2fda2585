package dev.onceflow.relay.source;

/** PostgreSQL log sequence numbers, written {@code 16/B374D848}: two 32-bit hex halves. */
public final class Lsn {

  private Lsn() {}

  /** The 64-bit value of {@code text}. */
  public static long parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not an LSN: " + text);
    }
    long high = Long.parseLong(text.substring(0, slash), 16);
    long low = Long.parseLong(text.substring(slash + 1), 16);
    return (high << 32) | low;
  }

  /** {@code value} written as PostgreSQL writes it. */
  public static String format(long value) {
    return Long.toHexString(value >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
  }
}
