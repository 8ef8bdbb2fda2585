package dev.onceflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's command line, {@code --name value} pairs, read with typed defaults. An option that
 * no benchmark asked for is an error (a misspelt option must not silently measure the default).
 */
public final class BenchmarkOptions {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> read = new LinkedHashSet<>();

  private BenchmarkOptions(String[] args) {
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
  }

  /** The options in {@code args}. */
  public static BenchmarkOptions parse(String[] args) {
    return new BenchmarkOptions(args);
  }

  /** A positive integer. */
  public int positive(String name, int fallback) {
    int value = Integer.parseInt(text(name, Integer.toString(fallback)));
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + " must be positive, was " + value);
    }
    return value;
  }

  /** An integer of at least {@code min}. */
  public int atLeast(String name, int fallback, int min) {
    int value = Integer.parseInt(text(name, Integer.toString(fallback)));
    if (value < min) {
      throw new IllegalArgumentException(
          "--" + name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  /** One of {@code allowed}. */
  public String oneOf(String name, String fallback, String... allowed) {
    String value = text(name, fallback);
    if (!Arrays.asList(allowed).contains(value)) {
      throw new IllegalArgumentException(
          "--" + name + " must be one of " + String.join(", ", allowed) + ", was " + value);
    }
    return value;
  }

  /** A comma-separated list of non-negative integers, or {@code none} for an empty list. */
  public List<Long> listOrNone(String name, String fallback) {
    String value = text(name, fallback).trim();
    if (value.isEmpty() || value.equals("none")) {
      return List.of();
    }
    List<Long> list =
        Arrays.stream(value.split(",")).map(String::trim).map(Long::parseLong).distinct().toList();
    if (list.stream().anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException("--" + name + ": non-negative integers, was " + list);
    }
    return list;
  }

  /** A comma-separated list of positive integers. */
  public List<Integer> positives(String name, String fallback) {
    List<Integer> list =
        Arrays.stream(text(name, fallback).split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    if (list.isEmpty() || list.stream().anyMatch(value -> value < 1)) {
      throw new IllegalArgumentException("--" + name + ": positive integers, was " + list);
    }
    return list;
  }

  /** JVM options, space-separated. */
  public List<String> words(String name, String fallback) {
    return List.of(text(name, fallback).trim().split("\\s+"));
  }

  /** A path. */
  public Path path(String name, String fallback) {
    return Path.of(text(name, fallback));
  }

  /** A file that must exist; {@code hint} says how to make it. */
  public Path existingFile(String name, String fallback, String hint) {
    Path file = path(name, fallback);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is missing: " + hint);
    }
    return file;
  }

  /** Fails naming every option given but never read. Call after reading them all. */
  public void rejectUnknown() {
    Set<String> unknown = new LinkedHashSet<>(values.keySet());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", unknown));
    }
  }

  /** The raw text of an option. */
  public String text(String name, String fallback) {
    read.add(name);
    return values.getOrDefault(name, fallback);
  }
}
