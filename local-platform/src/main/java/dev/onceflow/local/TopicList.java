package dev.onceflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics a platform needs, read from a topic list such as {@code
 * k8s/overlays/dev/kafka/topics.txt}: one topic per line, {@code name partitions replicas
 * [key=value ...]}, {@code #} starts a comment. The local broker creates them before any service
 * starts, so that no topic is created on first use with the broker's defaults (one partition, no
 * retention of its own) and no client waits for a topic that is still being created.
 */
public record TopicList(List<Topic> topics) {

  /** One line of the list; replicas are ignored by a one-broker platform. */
  public record Topic(String name, int partitions, int replicas, Map<String, String> config) {}

  /** Reads {@code file}; a malformed line fails naming the file and the line. */
  public static TopicList read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the topic list " + file, e);
    }
    List<Topic> topics = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      topics.add(parse(line, file + ":" + (i + 1)));
    }
    return new TopicList(List.copyOf(topics));
  }

  /** Creates every topic that does not exist yet on {@code kafka}, with one replica. */
  public void createOn(LocalKafka kafka) {
    for (Topic topic : topics) {
      kafka.createTopic(topic.name(), topic.partitions(), topic.config());
    }
  }

  private static Topic parse(String line, String where) {
    String[] fields = line.split("\\s+");
    if (fields.length < 3) {
      throw new IllegalArgumentException(
          where + ": expected 'name partitions replicas [key=value ...]', got '" + line + "'");
    }
    Map<String, String> config = new LinkedHashMap<>();
    for (int f = 3; f < fields.length; f++) {
      int equals = fields[f].indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(where + ": expected key=value, got '" + fields[f] + "'");
      }
      config.put(fields[f].substring(0, equals), fields[f].substring(equals + 1));
    }
    try {
      return new Topic(
          fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), Map.copyOf(config));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          where + ": partitions and replicas must be numbers, got '" + line + "'", e);
    }
  }
}
