package dev.onceflow.deploy.services;

import java.util.Locale;

/**
 * MicroProfile Config's environment variable rule: a property {@code P} is found in the environment
 * under {@code P}, under {@code P} with every character other than a letter or digit replaced by
 * {@code _}, and under that name in upper case. So {@code ONCEFLOW_RELAY_SHARD_ID} reaches {@code
 * onceflow.relay.shard-id}; the reverse mapping is ambiguous ({@code _} may stand for {@code .} or
 * {@code -}), which is why a variable is checked against the service's known keys.
 */
public final class EnvNames {

  private EnvNames() {}

  /** The upper-case environment variable name of property {@code key}. */
  public static String of(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (char c : key.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  /** Whether environment variable {@code variable} sets property {@code key}. */
  public static boolean sets(String variable, String key) {
    if (variable.equals(key)) {
      return true;
    }
    StringBuilder sanitized = new StringBuilder(key.length());
    for (char c : key.toCharArray()) {
      sanitized.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
    }
    return variable.equals(sanitized.toString()) || variable.equals(of(key));
  }
}
