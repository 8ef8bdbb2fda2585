package dev.onceflow.tracing;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the OpenTelemetry SDK on exactly when an OTLP endpoint is configured.
 *
 * <p>Quarkus enables the SDK by default and exports to {@code http://localhost:4317}: a local run
 * or a test without a collector would log an export failure every few seconds, and every service
 * would pay for spans nobody reads. With this switch, {@value #SDK_DISABLED} defaults to {@code
 * true} unless {@value #ENDPOINT} or {@value #TRACES_ENDPOINT} is set (for instance through {@code
 * QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}); setting {@value #SDK_DISABLED} explicitly still wins. With
 * the SDK disabled every tracer is a no-op: spans cost nothing and nothing is exported.
 *
 * <p>An endpoint that is not an absolute http(s) URL fails the start-up naming its key, instead of
 * an exporter that fails on every batch.
 */
public final class OtlpExportSwitch implements ConfigSourceInterceptor {

  /** Quarkus' runtime switch of the whole OpenTelemetry SDK. */
  public static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

  /** The OTLP endpoint of every signal. */
  public static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";

  /** The OTLP endpoint of traces, if it differs. */
  public static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

  private static final List<String> ENDPOINTS = List.of(TRACES_ENDPOINT, ENDPOINT);
  private static final String SOURCE = "Onceflow OTLP export switch";

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue value = context.proceed(name);
    if (ENDPOINTS.contains(name)) {
      if (value != null) {
        check(name, value.getValue());
      }
      return value;
    }
    if (!SDK_DISABLED.equals(name) || isExplicit(value)) {
      return value;
    }
    boolean endpointConfigured = false;
    for (String endpoint : ENDPOINTS) {
      ConfigValue configured = context.proceed(endpoint);
      // Quarkus' own default endpoint (localhost:4317) is not a configured one.
      if (isExplicit(configured) && !isBlank(configured.getValue())) {
        check(endpoint, configured.getValue());
        endpointConfigured = true;
      }
    }
    return ConfigValue.builder()
        .withName(name)
        .withValue(Boolean.toString(!endpointConfigured))
        .withConfigSourceName(SOURCE)
        .build();
  }

  /**
   * Lists {@value #SDK_DISABLED} among the property names even when no source sets it: Quarkus
   * hands the OpenTelemetry SDK only the {@code quarkus.otel.*} properties it finds by name, and an
   * SDK not told it is disabled still records spans (exporting nothing).
   */
  @Override
  public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
    Set<String> names = new LinkedHashSet<>();
    context.iterateNames().forEachRemaining(names::add);
    names.add(SDK_DISABLED);
    return names.iterator();
  }

  /** Fails naming {@code key} unless {@code endpoint} is blank or an absolute http(s) URL. */
  static void check(String key, String endpoint) {
    if (isBlank(endpoint) || endpoint.contains("${")) {
      return; // unset, or an expression not expanded yet: judged once expanded
    }
    String problem = null;
    try {
      URI uri = new URI(endpoint.trim());
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
        problem = "its scheme must be http or https";
      } else if (uri.getHost() == null) {
        problem = "it names no host";
      }
    } catch (URISyntaxException e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          key
              + "="
              + endpoint
              + " is not an OTLP endpoint URL ("
              + problem
              + "); expected e.g. http://otel-collector:4317 (gRPC) or http://otel-collector:4318"
              + " with quarkus.otel.exporter.otlp.protocol=http/protobuf");
    }
  }

  /**
   * Whether {@code value} was set by someone rather than being Quarkus' default: the defaults of
   * configuration mappings come from a source of the lowest ordinal ({@code
   * DefaultValuesConfigSource}), every real source has a positive one.
   */
  private static boolean isExplicit(ConfigValue value) {
    return value != null && value.getConfigSourceOrdinal() >= 0;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
