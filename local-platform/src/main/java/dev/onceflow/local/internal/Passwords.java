package dev.onceflow.local.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Random passwords for local roles: nothing secret is ever written into the repository. */
public final class Passwords {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** 32 URL-safe characters (192 random bits), safe in URLs, env files and SQL literals. */
  public static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
