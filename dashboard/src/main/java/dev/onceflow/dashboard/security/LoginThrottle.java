package dev.onceflow.dashboard.security;

import dev.onceflow.dashboard.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per client address: after {@code login.max-failures} wrong credentials
 * within {@code login.window}, every further attempt from that address (right or wrong) is refused
 * with {@link LoginThrottled} until the window that began with its first failure has passed. A
 * successful login clears the address's count.
 *
 * <p>Both ways to log in count: the page's login form ({@code POST /api/session}) and HTTP Basic on
 * an action. Time comes from the injected {@link Clock}, so tests move it instead of sleeping.
 */
@ApplicationScoped
public class LoginThrottle {

  // Addresses seen at once before expired windows are swept: bounds the memory an attacker with
  // many addresses can make the dashboard hold.
  private static final int SWEEP_ABOVE = 1_000;

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  LoginThrottle(DashboardConfig config, Clock clock) {
    this.clock = clock;
    this.maxFailures = config.login().maxFailures();
    this.window = config.login().window();
  }

  private record Failures(Instant since, int count) {}

  /**
   * Refuses an attempt from {@code address} while it is locked out.
   *
   * @throws LoginThrottled with the time left until attempts are accepted again
   */
  public void check(String address) {
    Failures current = failures.get(address);
    if (current == null || current.count() < maxFailures) {
      return;
    }
    Duration left = Duration.between(clock.instant(), current.since().plus(window));
    if (left.isNegative() || left.isZero()) {
      failures.remove(address, current);
      return;
    }
    throw new LoginThrottled(left);
  }

  /** Counts a failed attempt from {@code address}. */
  public void failed(String address) {
    Instant now = clock.instant();
    if (failures.size() > SWEEP_ABOVE) {
      failures.values().removeIf(f -> !now.isBefore(f.since().plus(window)));
    }
    failures.merge(
        address,
        new Failures(now, 1),
        (old, one) ->
            now.isBefore(old.since().plus(window))
                ? new Failures(old.since(), old.count() + 1)
                : one);
  }

  /** Forgets the failures of {@code address} after a successful login. */
  public void succeeded(String address) {
    failures.remove(address);
  }

  /** Too many failed logins from one address: answered with 429 and {@code Retry-After}. */
  public static class LoginThrottled extends RuntimeException {

    private final Duration retryAfter;

    LoginThrottled(Duration retryAfter) {
      super("Too many failed logins from this address; try again in " + seconds(retryAfter) + " s");
      this.retryAfter = retryAfter;
    }

    /** Whole seconds until attempts are accepted again (at least 1). */
    public long retryAfterSeconds() {
      return seconds(retryAfter);
    }

    private static long seconds(Duration duration) {
      return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
  }
}
