package dev.onceflow.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scrape of a Prometheus text exposition (format 0.0.4, what {@code /q/metrics} serves), read the
 * way a Prometheus server reads it: metric name, labels with their escapes ({@code \\}, {@code \"},
 * {@code \n}), value ({@code +Inf}, {@code -Inf}, {@code NaN} included), optional timestamp. Tests
 * assert on the parsed samples, never on text matched with a regular expression.
 *
 * @see <a href="https://prometheus.io/docs/instrumenting/exposition_formats/">exposition
 *     formats</a>
 */
public final class PrometheusExposition {

  /** One sample: the series (name and labels) and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PrometheusExposition(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the line when a sample line is not well-formed
   */
  public static PrometheusExposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      try {
        samples.add(new LineReader(line).sample());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + (n + 1) + " is not a Prometheus sample: " + line, e);
      }
    }
    return new PrometheusExposition(samples);
  }

  /** Every sample, in exposition order. */
  public List<Sample> samples() {
    return samples;
  }

  /** Sum of the samples named {@code name} over all their label sets; 0 when there is none. */
  public double sum(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  /** Whether any sample is named {@code name}. */
  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /** The value of the series with exactly this name and these labels, if it is exposed. */
  public Optional<Double> value(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .map(Sample::value)
        .findFirst();
  }

  /** Reads one sample line, character by character. */
  private static final class LineReader {
    private final String line;
    private int at;

    LineReader(String line) {
      this.line = line;
    }

    Sample sample() {
      String name = token(c -> c == '{' || Character.isWhitespace(c));
      Map<String, String> labels = new LinkedHashMap<>();
      if (peek() == '{') {
        at++;
        readLabels(labels);
      }
      skipBlanks();
      String value = token(Character::isWhitespace);
      return new Sample(name, labels, number(value));
    }

    private void readLabels(Map<String, String> labels) {
      while (true) {
        skipBlanks();
        if (peek() == '}') {
          at++;
          return;
        }
        String key = token(c -> c == '=' || Character.isWhitespace(c)).strip();
        skipBlanks();
        expect('=');
        skipBlanks();
        expect('"');
        StringBuilder value = new StringBuilder();
        for (char c = next(); c != '"'; c = next()) {
          if (c == '\\') {
            char escaped = next();
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
        }
        labels.put(key, value.toString());
        skipBlanks();
        if (peek() == ',') {
          at++;
        }
      }
    }

    private String token(java.util.function.IntPredicate end) {
      int start = at;
      while (at < line.length() && !end.test(line.charAt(at))) {
        at++;
      }
      if (at == start) {
        throw new IllegalArgumentException("empty token at column " + (start + 1));
      }
      return line.substring(start, at);
    }

    private void skipBlanks() {
      while (at < line.length() && Character.isWhitespace(line.charAt(at))) {
        at++;
      }
    }

    private char peek() {
      return at < line.length() ? line.charAt(at) : '\0';
    }

    private char next() {
      if (at >= line.length()) {
        throw new IllegalArgumentException("line ends inside a label value");
      }
      return line.charAt(at++);
    }

    private void expect(char c) {
      if (next() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at column " + at);
      }
    }

    private static double number(String text) {
      return switch (text) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(text);
      };
    }
  }
}
