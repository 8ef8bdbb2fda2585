package dev.onceflow.deploy.services;

import dev.onceflow.contract.security.KafkaLogin;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a service module says about itself, read from its sources: {@code application.properties},
 * {@code @ConfigMapping} interfaces, pom dependencies. Everything the manifests claim about a
 * service (ports, probe paths, environment variables) is checked against this.
 *
 * <p>An environment variable is accepted when it sets (by {@link EnvNames}) a key that is
 *
 * <ol>
 *   <li>set in {@code application.properties} without a profile or for {@code %prod}, or
 *   <li>referenced there as an expression {@code ${NAME}} / {@code ${NAME:default}}, or
 *   <li>declared by a {@code @ConfigMapping} of the module, or of platform-core unless the module
 *       excludes platform-core's beans ({@code quarkus.arc.exclude-dependency.*}), or
 *   <li>a Quarkus key of {@link #QUARKUS_KEYS} whose extension the module depends on, or
 *   <li>read programmatically by the module ({@link #PROGRAMMATIC}, each with where it is read).
 * </ol>
 *
 * Map-valued keys ({@code prefix.*}) are not accepted from the environment: their names are
 * ambiguous there.
 */
public final class ServiceModule {

  /** Quarkus keys the manifests may set, with the extensions that make a module honour them. */
  static final Map<String, List<String>> QUARKUS_KEYS = new LinkedHashMap<>();

  static {
    List<String> http =
        List.of(
            "quarkus-vertx-http",
            "quarkus-rest",
            "quarkus-rest-jackson",
            "quarkus-smallrye-health",
            "quarkus-micrometer-registry-prometheus");
    List<String> jdbc = List.of("quarkus-jdbc-postgresql");
    QUARKUS_KEYS.put("quarkus.http.port", http);
    QUARKUS_KEYS.put("quarkus.log.level", List.of());
    QUARKUS_KEYS.put("quarkus.datasource.jdbc.url", jdbc);
    QUARKUS_KEYS.put("quarkus.datasource.username", jdbc);
    QUARKUS_KEYS.put("quarkus.datasource.password", jdbc);
    QUARKUS_KEYS.put("quarkus.datasource.jdbc.max-size", jdbc);
    QUARKUS_KEYS.put(
        "kafka.bootstrap.servers", List.of("quarkus-messaging-kafka", "quarkus-kafka-client"));
  }

  /** Keys a module reads through the Config API rather than a mapping, and where. */
  static final Map<String, Map<String, String>> PROGRAMMATIC =
      Map.of(
          "outbox-relay",
          byName(
              "kafka.bootstrap.servers",
              "KafkaPassThrough.read looks it up by name (other kafka.* keys are not seen from the"
                  + " environment)",
              "KafkaPassThrough.read looks the login keys of KafkaLogin up by name"),
          "inbox-consumer",
          inboxByName(),
          "payment-service",
          inboxByName(),
          "order-service",
          inboxByName());

  /** A service on platform-core's inbox: the library builds some Kafka clients by hand. */
  private static Map<String, String> inboxByName() {
    return byName(
        null,
        null,
        "platform-core's KafkaClientProperties looks the login keys of KafkaLogin up by name"
            + " for the clients it builds; the Kafka connector reads kafka.* itself");
  }

  private static Map<String, String> byName(
      String bootstrapKey, String bootstrapWhere, String loginWhere) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (bootstrapKey != null) {
      keys.put(bootstrapKey, bootstrapWhere);
    }
    for (String key : KafkaLogin.KEYS) {
      keys.put("kafka." + key, loginWhere);
    }
    return Map.copyOf(keys);
  }

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");
  private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");

  private final String name;
  private final Map<String, String> properties;
  private final Set<String> referenced;
  private final Set<String> dependencies;
  private final Map<String, String> mappingKeys;

  private ServiceModule(
      String name,
      Map<String, String> properties,
      Set<String> referenced,
      Set<String> dependencies,
      Map<String, String> mappingKeys) {
    this.name = name;
    this.properties = properties;
    this.referenced = referenced;
    this.dependencies = dependencies;
    this.mappingKeys = mappingKeys;
  }

  /** The module {@code name} of the repository at {@code root}. */
  public static ServiceModule load(Path root, String name) {
    Path dir = root.resolve(name);
    if (!Files.exists(dir.resolve("pom.xml"))) {
      throw new IllegalStateException("no module " + name + " at " + dir);
    }
    Map<String, String> properties =
        readProperties(dir.resolve("src/main/resources/application.properties"));
    Set<String> referenced = new HashSet<>();
    for (String value : properties.values()) {
      Matcher m = EXPRESSION.matcher(value);
      while (m.find()) {
        referenced.add(m.group(1));
      }
    }
    Set<String> dependencies = readDependencies(dir.resolve("pom.xml"));
    Map<String, String> mappings =
        new LinkedHashMap<>(ConfigMappings.keys(dir.resolve("src/main/java")));
    boolean coreBeansExcluded =
        properties.entrySet().stream()
            .anyMatch(
                e ->
                    e.getKey().matches("quarkus\\.arc\\.exclude-dependency\\..*\\.artifact-id")
                        && e.getValue().equals("platform-core"));
    if (dependencies.contains("platform-core") && !coreBeansExcluded) {
      ConfigMappings.keys(root.resolve("platform-core/src/main/java"))
          .forEach(mappings::putIfAbsent);
    }
    return new ServiceModule(name, properties, referenced, dependencies, mappings);
  }

  private static Map<String, String> readProperties(Path file) {
    Map<String, String> result = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return result;
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
    properties.forEach((k, v) -> result.put(k.toString(), v.toString()));
    return result;
  }

  private static Set<String> readDependencies(Path pom) {
    Set<String> artifacts = new HashSet<>();
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom.toFile());
      Element project = document.getDocumentElement();
      for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child instanceof Element element && element.getTagName().equals("dependencies")) {
          NodeList dependencies = element.getElementsByTagName("dependency");
          for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String scope = text(dependency, "scope");
            if (!"test".equals(scope)) {
              artifacts.add(text(dependency, "artifactId"));
            }
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + pom, e);
    }
    return artifacts;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  public String name() {
    return name;
  }

  /** Whether the module depends (outside tests) on {@code artifactId}. */
  public boolean dependsOn(String artifactId) {
    return dependencies.contains(artifactId);
  }

  /** The prod-profile value of {@code key}: {@code %prod.key}, else {@code key}. */
  public Optional<String> property(String key) {
    String prod = properties.get("%prod." + key);
    return Optional.ofNullable(prod != null ? prod : properties.get(key));
  }

  /** The {@code @WithDefault} of mapping key {@code key}, if it has one. */
  public Optional<String> mappingDefault(String key) {
    return Optional.ofNullable(mappingKeys.get(key));
  }

  /**
   * The configuration key environment variable {@code variable} sets in this module, with the
   * reason it counts as real; empty when it sets nothing the module reads.
   */
  public Optional<String> keyOf(String variable) {
    for (String key : properties.keySet()) {
      // Keys set only for the dev or test profile mean nothing to the packaged (prod) service.
      if (key.startsWith("%") && !key.startsWith("%prod.")) {
        continue;
      }
      String bare = PROFILE.matcher(key).replaceFirst("");
      if (EnvNames.sets(variable, bare)) {
        return Optional.of(bare + " (application.properties)");
      }
    }
    for (String reference : referenced) {
      if (EnvNames.sets(variable, reference)) {
        return Optional.of("${" + reference + "} (expression in application.properties)");
      }
    }
    for (String key : mappingKeys.keySet()) {
      if (!key.contains("*") && EnvNames.sets(variable, key)) {
        return Optional.of(key + " (@ConfigMapping)");
      }
    }
    for (Map.Entry<String, List<String>> quarkus : QUARKUS_KEYS.entrySet()) {
      boolean honoured =
          quarkus.getValue().isEmpty()
              || quarkus.getValue().stream().anyMatch(dependencies::contains);
      if (honoured && EnvNames.sets(variable, quarkus.getKey())) {
        return Optional.of(quarkus.getKey() + " (Quarkus)");
      }
    }
    for (Map.Entry<String, String> programmatic :
        PROGRAMMATIC.getOrDefault(name, Map.of()).entrySet()) {
      if (EnvNames.sets(variable, programmatic.getKey())) {
        return Optional.of(programmatic.getKey() + " (" + programmatic.getValue() + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * The HTTP port given the container's environment: QUARKUS_HTTP_PORT, else properties, else 8080.
   */
  public int httpPort(Map<String, String> environment) {
    String fromEnvironment = environment.get("QUARKUS_HTTP_PORT");
    if (fromEnvironment != null) {
      return Integer.parseInt(fromEnvironment);
    }
    return Integer.parseInt(property("quarkus.http.port").orElse("8080"));
  }

  /** The health endpoint for a probe kind ({@code live}, {@code ready}, {@code started}). */
  public Optional<String> healthPath(String probe) {
    if (!dependsOn("quarkus-smallrye-health")) {
      return Optional.empty();
    }
    String nonApplicationRoot =
        trim(property("quarkus.http.non-application-root-path").orElse("q"));
    String healthRoot = property("quarkus.smallrye-health.root-path").orElse("health");
    String leaf =
        switch (probe) {
          case "live" -> property("quarkus.smallrye-health.liveness-path").orElse("live");
          case "ready" -> property("quarkus.smallrye-health.readiness-path").orElse("ready");
          case "started" -> property("quarkus.smallrye-health.startup-path").orElse("started");
          default -> throw new IllegalArgumentException(probe);
        };
    String root =
        healthRoot.startsWith("/") ? trim(healthRoot) : nonApplicationRoot + "/" + trim(healthRoot);
    return Optional.of("/" + root + "/" + trim(leaf));
  }

  private static String trim(String path) {
    return path.replaceAll("^/+", "").replaceAll("/+$", "");
  }
}
