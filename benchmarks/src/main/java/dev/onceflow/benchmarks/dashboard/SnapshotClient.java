package dev.onceflow.benchmarks.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One viewer of the dashboard's SSE feed, as a browser's {@code EventSource}: keeps when each
 * snapshot arrived ({@link System#nanoTime()}), its size, the number of events the dashboard had
 * read, and the journeys it listed.
 */
final class SnapshotClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A snapshot as received.
   *
   * @param receivedNanos when its {@code data:} line arrived
   * @param bytes size of the JSON text (UTF-8)
   * @param eventsRead the Kafka stage's total: event records the dashboard had read
   * @param journeyIds the event ids of the journeys it listed, newest first
   */
  record Received(long receivedNanos, int bytes, long eventsRead, List<String> journeyIds) {}

  private final List<Received> received = new ArrayList<>();
  private final Thread thread;
  private volatile Stream<String> lines;
  private volatile boolean running = true;
  private volatile Throwable failure;

  SnapshotClient(String name, HttpClient http, URI stream) {
    thread = new Thread(() -> read(http, stream), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void read(HttpClient http, URI stream) {
    try {
      HttpResponse<Stream<String>> response =
          http.send(
              HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").build(),
              HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(stream + " answered " + response.statusCode());
      }
      lines = response.body();
      for (Iterator<String> it = lines.iterator(); running && it.hasNext(); ) {
        String line = it.next();
        if (!line.startsWith("data:")) {
          continue;
        }
        long at = System.nanoTime();
        String data = line.substring(5);
        JsonNode snapshot = JSON.readTree(data);
        long eventsRead = -1;
        for (JsonNode stage : snapshot.path("stages")) {
          if ("kafka".equals(stage.path("id").asText())) {
            eventsRead = stage.path("total").asLong(-1);
          }
        }
        List<String> journeys = new ArrayList<>();
        snapshot.path("journeys").forEach(j -> journeys.add(j.path("eventId").asText()));
        Received snapshotReceived =
            new Received(
                at,
                data.getBytes(StandardCharsets.UTF_8).length,
                eventsRead,
                List.copyOf(journeys));
        synchronized (received) {
          received.add(snapshotReceived);
        }
      }
    } catch (IOException e) {
      if (running) {
        failure = new UncheckedIOException(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (running) {
        failure = e;
      }
    }
  }

  /** Every snapshot received so far, oldest first. */
  List<Received> received() {
    if (failure != null) {
      throw new IllegalStateException(thread.getName() + " failed", failure);
    }
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The events read that the latest snapshot counts, or -1 before the first snapshot. */
  long latestEventsRead() {
    List<Received> all = received();
    return all.isEmpty() ? -1 : all.get(all.size() - 1).eventsRead();
  }

  @Override
  public void close() {
    running = false;
    Stream<String> open = lines;
    if (open != null) {
      open.close();
    }
    thread.interrupt();
  }
}
