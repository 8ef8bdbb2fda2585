package dev.onceflow.core.inbox.fault;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells failures worth retrying (the database is down or restarting, a deadlock, a serialization
 * failure, an exhausted connection pool) from the rest, by walking the cause chain.
 *
 * <p>A transient failure is retried without limit and never dead-letters anything, so this list
 * must only hold conditions that time cures: a deterministic failure classified here would stall
 * its partition forever (visible as readiness DOWN and {@code onceflow_inbox_retrying_seconds}).
 */
public final class TransientFailures {

  /** SQLSTATE codes that a retry can cure. */
  private static final Set<String> TRANSIENT_STATES =
      Set.of(
          "40001", // serialization_failure
          "40P01", // deadlock_detected
          "55P03", // lock_not_available
          "57P01", // admin_shutdown
          "57P02", // crash_shutdown
          "57P03", // cannot_connect_now
          "53300"); // too_many_connections

  private static final Pattern LOST_CONNECTION =
      Pattern.compile("(?i)acquisition|connection (is |has been )?(closed|refused)");

  private TransientFailures() {}

  /**
   * Whether retrying the same work later may succeed: whether any throwable in the failure's cause
   * chain, or suppressed by one of them, is a condition time cures. A commit that fails on a lost
   * connection surfaces as a {@code RollbackException} whose I/O error is only a suppressed {@code
   * XAException}'s cause.
   */
  public static boolean isTransient(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> pending = new ArrayDeque<>();
    if (failure != null) {
      pending.push(failure);
    }
    while (!pending.isEmpty()) {
      Throwable t = pending.pop();
      if (!seen.add(t)) {
        continue;
      }
      if (curedByTime(t)) {
        return true;
      }
      if (t.getCause() != null) {
        pending.push(t.getCause());
      }
      for (Throwable suppressed : t.getSuppressed()) {
        pending.push(suppressed);
      }
    }
    return false;
  }

  private static boolean curedByTime(Throwable t) {
    if (t instanceof SQLTransientException
        || t instanceof SQLRecoverableException
        || t instanceof ConnectException
        || t instanceof SocketException) {
      return true;
    }
    if (t instanceof SQLException sql) {
      String state = sql.getSQLState();
      if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
        return true;
      }
      // Agroal says "Sorry, acquisition timeout!" while the database is unreachable and "Connection
      // is closed" for a connection the server dropped, both without a SQLSTATE.
      if (state == null
          && sql.getMessage() != null
          && LOST_CONNECTION.matcher(sql.getMessage()).find()) {
        return true;
      }
    }
    String name = t.getClass().getName();
    return name.equals("org.hibernate.exception.JDBCConnectionException")
        || name.equals("org.hibernate.exception.LockAcquisitionException")
        || name.equals("org.hibernate.PessimisticLockException")
        || name.equals("jakarta.persistence.PessimisticLockException")
        || name.equals("jakarta.persistence.LockTimeoutException");
  }
}
