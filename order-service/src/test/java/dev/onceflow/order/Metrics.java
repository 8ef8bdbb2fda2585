package dev.onceflow.order;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads counters from the Prometheus endpoint, as a scraper would. */
final class Metrics {

  static final String ORDERS_PLACED = "onceflow_orders_placed_total";
  static final String ORDERS_CANCELLED = "onceflow_orders_cancelled_total";
  static final String OUTBOX_PLACED =
      "onceflow_outbox_events_written_total{aggregate=\"order\",type=\"OrderPlaced\"}";
  static final String OUTBOX_CANCELLED =
      "onceflow_outbox_events_written_total{aggregate=\"order\",type=\"OrderCancelled\"}";

  private Metrics() {}

  /** The value of the series named exactly {@code series} (name plus labels as exported). */
  static double value(String series) {
    String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher matcher =
        Pattern.compile(
                // an OpenMetrics exemplar (" # {trace_id=...} 1.0 ...") may follow the value
                "^" + Pattern.quote(series) + " (\\S+)( # .*)?$", Pattern.MULTILINE)
            .matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("No series " + series + " in /q/metrics");
    }
    return Double.parseDouble(matcher.group(1));
  }
}
