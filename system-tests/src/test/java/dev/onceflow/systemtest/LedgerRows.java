package dev.onceflow.systemtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts a ledger part produces, in the order they are printed, and the first few findings
 * behind them. A count is either a total (what happened: orders, events) or a violation, which must
 * be zero: always ({@link Rule#ZERO}), or when the relay delivers exactly once ({@link
 * Rule#ZERO_EXACTLY_ONCE}: at-least-once delivery re-sends records on purpose).
 */
final class LedgerRows {

  /** What a count must be. */
  enum Rule {
    TOTAL,
    ZERO,
    ZERO_EXACTLY_ONCE
  }

  /**
   * One line of the ledger.
   *
   * @param key the stable name in {@code ledger.json}
   * @param label the line in the printed table
   */
  record Row(String key, String label, long count, Rule rule) {

    /** Whether this count breaks the rule of a relay in {@code exactlyOnce} mode (or not). */
    boolean violated(boolean exactlyOnce) {
      return count != 0 && (rule == Rule.ZERO || (exactlyOnce && rule == Rule.ZERO_EXACTLY_ONCE));
    }
  }

  private static final int MAX_FINDINGS = 60;
  private static final int SAMPLES_PER_ROW = 5;

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final Map<String, Long> samples = new LinkedHashMap<>();
  private final List<String> findings = new ArrayList<>();

  void total(String key, String label, long count) {
    put(new Row(key, label, count, Rule.TOTAL));
  }

  /** A violation count, to be raised with {@link #violation}; starts at zero. */
  void zero(String key, String label) {
    put(new Row(key, label, 0, Rule.ZERO));
  }

  /** A violation count that at-least-once delivery may make positive. */
  void zeroWhenExactlyOnce(String key, String label) {
    put(new Row(key, label, 0, Rule.ZERO_EXACTLY_ONCE));
  }

  /** Adds {@code n} to violation {@code key}, with a finding for the first few. */
  void violation(String key, long n, String finding) {
    Row row = rows.get(key);
    if (row == null) {
      throw new IllegalArgumentException("no row " + key);
    }
    if (n <= 0) {
      return;
    }
    rows.put(key, new Row(key, row.label(), row.count() + n, row.rule()));
    if (samples.merge(key, 1L, Long::sum) <= SAMPLES_PER_ROW) {
      finding(key + ": " + finding);
    }
  }

  void violation(String key, String finding) {
    violation(key, 1, finding);
  }

  void finding(String finding) {
    if (findings.size() < MAX_FINDINGS) {
      findings.add(finding);
    }
  }

  /** The count of {@code key}; 0 for a row never declared. */
  long count(String key) {
    Row row = rows.get(key);
    return row == null ? 0 : row.count();
  }

  List<Row> rows() {
    return List.copyOf(rows.values());
  }

  List<String> findings() {
    return List.copyOf(findings);
  }

  /** Appends {@code other}'s rows and findings. */
  void addAll(LedgerRows other) {
    other.rows.values().forEach(this::put);
    other.findings.forEach(this::finding);
  }

  private void put(Row row) {
    rows.put(row.key(), row);
  }
}
