package dev.onceflow.deploy.monitoring;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query) selects. Not a full parser: it removes
 * what cannot be a metric name (strings, label matchers, ranges, grouping label lists, Grafana
 * variables, numbers and durations), then keeps every identifier that is neither a keyword nor
 * followed by "(" (a function or aggregation). Its own test pins the cases the rules and the
 * dashboard use.
 */
public final class PromQl {

  private static final Pattern STRING =
      Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\s*\\(\\s*([^,)]+)\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "offset",
          "bool",
          "inf",
          "Inf",
          "nan",
          "NaN",
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  private PromQl() {}

  /** The metric names {@code expression} selects. */
  public static SortedSet<String> metricNames(String expression) {
    String text = STRING.matcher(expression).replaceAll(" ");
    text = MATCHERS.matcher(text).replaceAll(" ");
    text = RANGE.matcher(text).replaceAll(" ");
    text = GROUPING.matcher(text).replaceAll(" ");
    // Grafana's label_values(metric, label): the label is not a metric.
    Matcher labelValues = LABEL_VALUES.matcher(text);
    StringBuilder withoutLabels = new StringBuilder();
    while (labelValues.find()) {
      labelValues.appendReplacement(
          withoutLabels, Matcher.quoteReplacement(" " + labelValues.group(1) + " "));
    }
    labelValues.appendTail(withoutLabels);
    text = withoutLabels.toString();

    SortedSet<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(text);
    while (identifier.find()) {
      String name = identifier.group();
      int after = identifier.end();
      while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
        after++;
      }
      boolean call = after < text.length() && text.charAt(after) == '(';
      if (!call && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
