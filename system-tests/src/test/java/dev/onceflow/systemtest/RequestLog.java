package dev.onceflow.systemtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the REST API answered, request by request: the client's side of the ledger.
 *
 * <p>An acknowledged placement or cancellation must be in the orders database afterwards; a
 * rejected request (400, 409, 422) must have written nothing; a request that timed out or got a 5xx
 * during a fault is <em>unknown</em>, and the database's committed state decides whether it
 * happened. Any other answer breaks the API's contract and fails the scenario.
 */
final class RequestLog {

  /** The kinds of request the load sends. */
  enum Kind {
    /** A new order with a fresh Idempotency-Key: 201. */
    PLACE,
    /** An acknowledged placement sent again, same key and body: 200, the same order. */
    REPLAY,
    /** An acknowledged placement's key with a different body: 422, nothing written. */
    KEY_REUSE,
    /** A body failing validation: 400, nothing written. */
    INVALID,
    /**
     * Cancelling an acknowledged order: 200; or 409 if the order was REJECTED first (its payment
     * declined), which the ledger then checks.
     */
    CANCEL,
    /** Cancelling an order already acknowledged as cancelled: 409, nothing written. */
    CANCEL_AGAIN
  }

  /** What came back. */
  enum Outcome {
    /** The success the request asked for. */
    ACKNOWLEDGED,
    /** The refusal the request was built to get. */
    REJECTED,
    /** A timeout, a broken connection or a 5xx: the database decides. */
    UNKNOWN,
    /** Any other answer: a broken contract. */
    UNEXPECTED
  }

  private static final int MAX_PROBLEMS = 20;

  private final Map<Kind, Map<Outcome, LongAdder>> counts = new EnumMap<>(Kind.class);
  private final Map<String, UUID> createdByKey = new ConcurrentHashMap<>();
  private final Set<UUID> acknowledgedCancels = ConcurrentHashMap.newKeySet();
  private final Set<UUID> refusedCancels = ConcurrentHashMap.newKeySet();
  private final Set<String> rejectedKeys = ConcurrentHashMap.newKeySet();
  private final Set<String> rejectedCustomers = ConcurrentHashMap.newKeySet();
  private final LongAdder idempotencyViolations = new LongAdder();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

  RequestLog() {
    for (Kind kind : Kind.values()) {
      Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);
      for (Outcome outcome : Outcome.values()) {
        byOutcome.put(outcome, new LongAdder());
      }
      counts.put(kind, byOutcome);
    }
  }

  void record(Kind kind, Outcome outcome) {
    counts.get(kind).get(outcome).increment();
  }

  /** A placement answered 201 with {@code orderId}. */
  void created(String key, UUID orderId) {
    createdByKey.put(key, orderId);
    record(Kind.PLACE, Outcome.ACKNOWLEDGED);
  }

  void cancelled(UUID orderId) {
    acknowledgedCancels.add(orderId);
    record(Kind.CANCEL, Outcome.ACKNOWLEDGED);
  }

  /** A cancellation answered 409: the order must have been REJECTED. */
  void cancelRefused(UUID orderId) {
    refusedCancels.add(orderId);
    record(Kind.CANCEL, Outcome.REJECTED);
  }

  /**
   * A request built to be refused was refused: its key (if it had its own) and its customer must
   * not appear in the orders database.
   */
  void rejected(Kind kind, String key, String customerId) {
    if (key != null) {
      rejectedKeys.add(key);
    }
    rejectedCustomers.add(customerId);
    record(kind, Outcome.REJECTED);
  }

  /** A replay answered with another order, or created one: the idempotency key did not hold. */
  void idempotencyViolation(String detail) {
    idempotencyViolations.increment();
    problem(detail);
  }

  void unexpected(Kind kind, String detail) {
    record(kind, Outcome.UNEXPECTED);
    problem(detail);
  }

  private void problem(String detail) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(detail);
    }
  }

  long count(Kind kind, Outcome outcome) {
    return counts.get(kind).get(outcome).sum();
  }

  long total() {
    return counts.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToLong(LongAdder::sum)
        .sum();
  }

  long unexpected() {
    return counts.values().stream().mapToLong(m -> m.get(Outcome.UNEXPECTED).sum()).sum();
  }

  long unknown() {
    return counts.values().stream().mapToLong(m -> m.get(Outcome.UNKNOWN).sum()).sum();
  }

  long idempotencyViolations() {
    return idempotencyViolations.sum();
  }

  /** Orders acknowledged with 201 (or later found through an acknowledged replay). */
  Map<String, UUID> createdByKey() {
    return Map.copyOf(createdByKey);
  }

  Set<UUID> acknowledgedCancels() {
    return Set.copyOf(acknowledgedCancels);
  }

  /** Orders whose cancellation was refused (409): each must be REJECTED. */
  Set<UUID> refusedCancels() {
    return Set.copyOf(refusedCancels);
  }

  /** Idempotency keys of requests refused outright: none may be in the database. */
  Set<String> rejectedKeys() {
    return Set.copyOf(rejectedKeys);
  }

  /** Customers that only refused requests used: none may have an order. */
  Set<String> rejectedCustomers() {
    return Set.copyOf(rejectedCustomers);
  }

  List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /** {@code {"place": {"acknowledged": n, ...}, ...}} for the ledger file. */
  Map<String, Map<String, Long>> summary() {
    Map<String, Map<String, Long>> summary = new LinkedHashMap<>();
    counts.forEach(
        (kind, byOutcome) -> {
          Map<String, Long> outcomes = new LinkedHashMap<>();
          byOutcome.forEach((outcome, n) -> outcomes.put(outcome.name().toLowerCase(), n.sum()));
          summary.put(kind.name().toLowerCase(), outcomes);
        });
    return summary;
  }
}
