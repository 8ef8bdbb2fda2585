package dev.onceflow.benchmarks.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a set of rounds says, with its uncertainty: the median with a distribution-free confidence
 * interval (order statistics of the binomial, no assumption on the shape of the rounds), and the
 * mean with a Student t interval (for ratios of paired rounds, which are close to normal).
 *
 * @param n the number of rounds
 * @param median the median (the mean of the middle two for an even count)
 * @param medianLow lower end of the median's interval
 * @param medianHigh upper end of the median's interval
 * @param medianCoverage the interval's exact coverage, at least 0.95 from 6 rounds on (with fewer,
 *     the widest interval, from the lowest to the highest round, covers less and says how much)
 * @param mean the arithmetic mean
 * @param meanLow lower end of the mean's 95 % t interval
 * @param meanHigh upper end of the mean's 95 % t interval
 */
public record Summary(
    int n,
    double median,
    double medianLow,
    double medianHigh,
    double medianCoverage,
    double mean,
    double meanLow,
    double meanHigh) {

  /** Two-sided 97.5 % quantiles of Student's t for 1 to 30 degrees of freedom. */
  private static final double[] T_975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  /** The summary of {@code rounds} (at least two). */
  public static Summary of(List<Double> rounds) {
    if (rounds.size() < 2) {
      throw new IllegalArgumentException("need at least 2 rounds, got " + rounds.size());
    }
    List<Double> sorted = new ArrayList<>(rounds);
    Collections.sort(sorted);
    int n = sorted.size();
    double median = median(sorted);
    // The interval [x(k), x(n+1-k)] covers the median with probability 1 - 2 P(B <= k - 1),
    // B ~ Binomial(n, 1/2): the largest k whose coverage is still at least 95 %.
    int k = 1;
    while (k + 1 <= n / 2 && coverage(n, k + 1) >= 0.95) {
      k++;
    }
    double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double variance = sorted.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (n - 1);
    double halfWidth = t975(n - 1) * Math.sqrt(variance / n);
    return new Summary(
        n,
        median,
        sorted.get(k - 1),
        sorted.get(n - k),
        coverage(n, k),
        mean,
        mean - halfWidth,
        mean + halfWidth);
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  public static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** How a report describes an end of the median's interval: {@code "lower"} or {@code "upper"}. */
  public String medianIntervalDescription(String end) {
    return String.format(
        Locale.ROOT,
        "%s end of the median's distribution-free interval (coverage %.1f %%)",
        end,
        medianCoverage * 100);
  }

  /** Coverage of [x(k), x(n+1-k)] for the median of n rounds. */
  static double coverage(int n, int k) {
    double below = 0;
    for (int i = 0; i <= k - 1; i++) {
      below += binomial(n, i);
    }
    return 1 - 2 * below / Math.pow(2, n);
  }

  /** t(0.975, df); the normal quantile beyond the table, where the two differ by under 2 %. */
  static double t975(int degreesOfFreedom) {
    return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : 1.960;
  }

  private static double binomial(int n, int k) {
    double value = 1;
    for (int i = 1; i <= k; i++) {
      value = value * (n - k + i) / i;
    }
    return value;
  }
}
