package dev.onceflow.dashboard.security;

import dev.onceflow.dashboard.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The dashboard's one admin user, from {@code onceflow.dashboard.admin.*} (a Secret or the
 * environment; never a default). Without both keys, every action is refused.
 */
@ApplicationScoped
public class AdminCredentials {

  /** The role an authenticated admin has. */
  public static final String ROLE = "admin";

  /** Why actions are refused when no admin is configured. */
  public static final String NOT_CONFIGURED =
      "Actions are disabled: this dashboard has no admin user. Set"
          + " ONCEFLOW_DASHBOARD_ADMIN_USERNAME and ONCEFLOW_DASHBOARD_ADMIN_PASSWORD (from a"
          + " Secret) and restart it; viewing needs no login.";

  private final Optional<String> username;
  private final byte[] passwordDigest;

  AdminCredentials(DashboardConfig config) {
    this.username = config.admin().username().filter(u -> !u.isBlank());
    this.passwordDigest =
        config
            .admin()
            .password()
            .filter(p -> !p.isEmpty())
            .map(AdminCredentials::sha256)
            .orElse(null);
  }

  /** Whether an admin user is configured at all. */
  public boolean configured() {
    return username.isPresent() && passwordDigest != null;
  }

  /** Whether the given user name and password are the admin's; constant time in the password. */
  public boolean matches(String user, String password) {
    if (!configured() || user == null || password == null) {
      return false;
    }
    boolean passwordMatches = MessageDigest.isEqual(passwordDigest, sha256(password));
    boolean userMatches = MessageDigest.isEqual(sha256(username.get()), sha256(user));
    return passwordMatches & userMatches;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
