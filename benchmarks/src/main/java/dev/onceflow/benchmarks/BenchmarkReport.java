package dev.onceflow.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark record: {@code docs/benchmarks.json} holds every figure under a stable key (e.g.
 * {@code relay.eos_events_per_s}) and every run's context (command, machine, notes); {@code
 * docs/benchmarks.md} is regenerated from it. A run replaces its own figures and keeps everyone
 * else's.
 */
public final class BenchmarkReport {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final Path json;
  private final Path markdown;

  /** The record in {@code docs}: {@code benchmarks.json} and {@code benchmarks.md}. */
  public BenchmarkReport(Path docs) {
    this.json = docs.resolve("benchmarks.json");
    this.markdown = docs.resolve("benchmarks.md");
  }

  /**
   * One figure.
   *
   * @param value the measurement
   * @param unit e.g. {@code events/s}, {@code ms}, {@code x}
   * @param description what was measured, in one line
   * @param goal the target as text ({@code ">= 50000"}), or {@code null}
   * @param met whether the goal is met, or {@code null} without a goal
   */
  public record Figure(double value, String unit, String description, String goal, Boolean met) {}

  /**
   * The context of a run.
   *
   * @param command how to reproduce it, exactly
   * @param measuredAt ISO-8601 instant
   * @param machine {@link MachineFacts}
   * @param notes how to read the figures (baseline, method, caveats)
   * @param method {@link #CURRENT_METHOD} for runs measured as the report's Method section says; 1
   *     for the previous method (best-of-N, broker and load generator in the benchmark's JVM)
   */
  public record Run(
      String command,
      String measuredAt,
      Map<String, Object> machine,
      List<String> notes,
      int method) {

    /** A run measured with the current method. */
    public Run(String command, String measuredAt, Map<String, Object> machine, List<String> notes) {
      this(command, measuredAt, machine, notes, CURRENT_METHOD);
    }
  }

  /** The method the report's Method section describes (issue 16). */
  public static final int CURRENT_METHOD = 2;

  private static final String METHOD_SECTION = "benchmarks/method.md";

  /**
   * The command that reproduces a run of {@code benchmarkArguments} (e.g. {@code relay --rounds
   * 8}): {@code ./onceflow bench} builds what it needs, checks the load tools, and runs it.
   */
  public static String command(String benchmarkArguments) {
    return "./onceflow bench " + benchmarkArguments;
  }

  /**
   * Replaces run {@code name} and its figures (every figure recorded by a run of that name), keeps
   * the rest, and regenerates the Markdown.
   */
  public void record(String name, Run run, Map<String, Figure> figures) {
    ObjectNode root = read();
    ObjectNode allFigures = root.with("figures");
    // A run owns the figures it recorded: "takeover" writes relay.takeover_*, which "relay" keeps.
    for (Iterator<JsonNode> recorded = allFigures.elements(); recorded.hasNext(); ) {
      if (recorded.next().path("run").asText().equals(name)) {
        recorded.remove();
      }
    }
    figures.forEach(
        (key, figure) -> {
          ObjectNode node = allFigures.putObject(key);
          node.put("value", round(figure.value()));
          node.put("unit", figure.unit());
          node.put("run", name);
          node.put("description", figure.description());
          if (figure.goal() != null) {
            node.put("goal", figure.goal());
            node.put("met", figure.met());
          }
        });
    root.with("runs").set(name, JSON.valueToTree(run));
    write(root);
  }

  /** Regenerates the Markdown from the JSON as it is, measuring nothing. */
  public void rewrite() {
    write(read());
  }

  private void write(ObjectNode root) {
    try {
      Files.createDirectories(json.getParent());
      Files.writeString(json, JSON.writeValueAsString(sorted(root)) + "\n", StandardCharsets.UTF_8);
      Files.writeString(markdown, render(sorted(root)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode read() {
    try {
      if (Files.exists(json)) {
        JsonNode existing = JSON.readTree(json.toFile());
        if (existing instanceof ObjectNode object) {
          return object;
        }
      }
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + json, e);
    }
  }

  /** Keys in order, so that the file diffs well. */
  private static ObjectNode sorted(ObjectNode root) {
    return JSON.convertValue(
        JSON.convertValue(
            root, new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, Object>>() {}),
        ObjectNode.class);
  }

  private static String render(ObjectNode root) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n")
        .append(
            "Generated from `docs/benchmarks.json` by `BenchmarkReport` (benchmarks module); do")
        .append(" not edit by hand. Figures compare only with figures measured on the same")
        .append(" machine, in the same run: each run measures its own baseline.\n\n")
        .append(methodSection());
    JsonNode runs = root.path("runs");
    JsonNode figures = root.path("figures");
    for (Iterator<String> names = runs.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode run = runs.path(name);
      md.append("\n## ").append(name).append("\n\n");
      md.append("Measured ").append(run.path("measuredAt").asText());
      if (run.path("method").asInt(1) < CURRENT_METHOD) {
        md.append(" with the **previous method** (see Method; to be replaced by the next run)");
      }
      md.append(". Reproduce with:\n\n");
      md.append("```sh\n").append(run.path("command").asText()).append("\n```\n\n");
      md.append("| figure | value | goal | |\n|---|---:|---|---|\n");
      for (Iterator<Map.Entry<String, JsonNode>> entries = figures.fields(); entries.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = entries.next();
        JsonNode figure = entry.getValue();
        if (!name.equals(figure.path("run").asText())) {
          continue;
        }
        md.append("| `")
            .append(entry.getKey())
            .append("` — ")
            .append(figure.path("description").asText())
            .append(" | ")
            .append(format(figure.path("value").asDouble()))
            .append(' ')
            .append(figure.path("unit").asText())
            .append(" | ")
            .append(figure.has("goal") ? figure.path("goal").asText() : "")
            .append(" | ")
            .append(
                figure.has("met") ? (figure.path("met").asBoolean() ? "met" : "**not met**") : "")
            .append(" |\n");
      }
      md.append("\nMachine:\n\n");
      JsonNode machine = run.path("machine");
      for (String key : MachineFacts.keys()) {
        if (machine.has(key)) {
          md.append("- ").append(key).append(": ").append(machine.path(key).asText()).append('\n');
        }
      }
      List<String> notes = new ArrayList<>();
      run.path("notes").forEach(note -> notes.add(note.asText()));
      if (!notes.isEmpty()) {
        md.append("\nNotes:\n\n");
        notes.forEach(note -> md.append("- ").append(note).append('\n'));
      }
    }
    return md.toString();
  }

  private static String methodSection() {
    return BundledFile.text(METHOD_SECTION);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) >= 1000) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    if (Math.abs(value) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
