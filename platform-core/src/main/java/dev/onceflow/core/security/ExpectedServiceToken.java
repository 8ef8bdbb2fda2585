package dev.onceflow.core.security;

import dev.onceflow.contract.security.ServiceToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The token a service expects, and the comparison with what a caller presents. Both sides are
 * hashed to SHA-256 first and compared with {@link MessageDigest#isEqual}, whose time depends on
 * neither the contents nor (after hashing) the length of the presented value: a caller cannot find
 * the token byte by byte from response times.
 */
final class ExpectedServiceToken {

  private final byte[] digest;

  private ExpectedServiceToken(String token) {
    this.digest = sha256(token);
  }

  /**
   * The expected token, or {@link ServiceTokenMissing} naming the key when it is unset, blank or
   * shorter than {@link ServiceToken#MIN_LENGTH}.
   */
  static ExpectedServiceToken of(Optional<String> configured) {
    List<String> problems = problems(configured);
    if (!problems.isEmpty()) {
      throw new ServiceTokenMissing(problems);
    }
    return new ExpectedServiceToken(configured.orElseThrow());
  }

  /** What is wrong with the configured token, each naming the key; empty when it is usable. */
  static List<String> problems(Optional<String> configured) {
    List<String> problems = new ArrayList<>();
    String key = ServiceToken.CONFIG_KEY;
    if (configured.isEmpty() || configured.get().isBlank()) {
      problems.add(
          key
              + " is required: set it from a Secret or the environment ("
              + ServiceToken.ENVIRONMENT_VARIABLE
              + ")");
    } else if (configured.get().strip().length() < ServiceToken.MIN_LENGTH) {
      problems.add(
          key + " must be at least " + ServiceToken.MIN_LENGTH + " characters (a random string)");
    } else if (!configured.get().equals(configured.get().strip())) {
      problems.add(key + " must not begin or end with white space");
    }
    return problems;
  }

  /**
   * Whether {@code authorization} (the whole header value, possibly null) is {@code Bearer <token>}
   * with this token.
   */
  boolean acceptsHeader(String authorization) {
    String prefix = ServiceToken.SCHEME + " ";
    if (authorization == null
        || authorization.length() < prefix.length()
        || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(authorization.substring(prefix.length())));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
