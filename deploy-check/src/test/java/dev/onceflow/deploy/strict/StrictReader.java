package dev.onceflow.deploy.strict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.onceflow.deploy.cnpg.CnpgCluster;
import dev.onceflow.deploy.cnpg.CnpgRules;
import dev.onceflow.deploy.render.Manifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into model classes and rejects anything the API server would reject or
 * silently drop: unknown fields at any depth, wrong scalar types (a number where a string belongs
 * and the reverse), duplicate keys, kinds without a model, Strimzi properties absent from the
 * manifest's API version, committed Secrets, and the CloudNativePG rules of {@link CnpgRules}.
 *
 * <p>fabric8 and Strimzi models keep unknown fields in {@code additionalProperties} instead of
 * failing; the check walks the YAML tree and the typed object side by side and reports every field
 * that has no model property, with its path.
 */
public final class StrictReader {

  /** The kinds a manifest may have, with the model each is read into. */
  private static final Map<String, Class<?>> MODELS = new HashMap<>();

  static {
    MODELS.put("v1/ConfigMap", ConfigMap.class);
    MODELS.put("v1/Namespace", Namespace.class);
    MODELS.put("v1/Service", Service.class);
    MODELS.put("v1/ServiceAccount", ServiceAccount.class);
    MODELS.put("apps/v1/Deployment", Deployment.class);
    MODELS.put("apps/v1/StatefulSet", StatefulSet.class);
    MODELS.put("batch/v1/Job", Job.class);
    MODELS.put("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);
    MODELS.put("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);
    MODELS.put("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
    MODELS.put("kafka.strimzi.io/v1/Kafka", Kafka.class);
    MODELS.put("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class);
    MODELS.put("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class);
    MODELS.put("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class);
    MODELS.put("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class);
    MODELS.put("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class);
    MODELS.put("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);
  }

  private final ObjectMapper yaml;
  private final ObjectMapper mapper;

  public StrictReader() {
    yaml =
        new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    // The API server rejects `8082` where a string belongs (env values, labels, ConfigMap data).
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  /** Every document of a rendered stream, read strictly; problems are collected, not thrown. */
  public List<Manifest> readAll(String renderedYaml, List<String> problems) {
    List<Manifest> manifests = new ArrayList<>();
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(renderedYaml)) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          documents.add(document);
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add("not valid YAML: " + e.getMessage());
      return manifests;
    }
    for (JsonNode document : documents) {
      Manifest manifest = read(document, problems);
      if (manifest != null) {
        manifests.add(manifest);
      }
    }
    return manifests;
  }

  /** One document, or null (with the reasons added to {@code problems}) when it is not valid. */
  public Manifest read(JsonNode document, List<String> problems) {
    String apiVersion = document.path("apiVersion").asText("");
    String kind = document.path("kind").asText("");
    String name = document.path("metadata").path("name").asText("");
    String id = kind + "/" + name;
    if (kind.equals("Secret")) {
      problems.add(
          id + ": a Secret in the manifests; Secrets are created by the operator, never committed");
      return null;
    }
    Class<?> model = MODELS.get(apiVersion + "/" + kind);
    if (model == null) {
      problems.add(
          id + ": no strict model for " + apiVersion + " " + kind + " (add one to StrictReader)");
      return null;
    }
    if (name.isEmpty()) {
      problems.add(kind + " without metadata.name");
    }
    Object typed;
    try {
      typed = mapper.treeToValue(document, model);
    } catch (JsonProcessingException e) {
      problems.add(id + ": " + e.getOriginalMessage() + " at " + pathOf(e));
      return null;
    }
    List<String> found = new ArrayList<>();
    walk("", document, typed, apiVersion, found);
    if (typed instanceof CnpgCluster cluster) {
      found.addAll(CnpgRules.problems(cluster));
    }
    for (String problem : found) {
      problems.add(id + ": " + problem);
    }
    return new Manifest(apiVersion, kind, name, document, typed);
  }

  private static String pathOf(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
      StringBuilder path = new StringBuilder();
      for (var reference : mapping.getPath()) {
        if (reference.getFieldName() != null) {
          path.append('.').append(reference.getFieldName());
        } else if (reference.getIndex() >= 0) {
          path.append('[').append(reference.getIndex()).append(']');
        }
      }
      return path.length() == 0 ? "<root>" : path.substring(1);
    }
    return "<unknown>";
  }

  /** Walks the YAML tree and the typed object together; reports fields without a property. */
  private void walk(
      String path, JsonNode node, Object value, String apiVersion, List<String> problems) {
    if (value == null) {
      return;
    }
    if (node.isArray()) {
      List<?> items = asList(value);
      if (items == null) {
        return;
      }
      for (int i = 0; i < node.size() && i < items.size(); i++) {
        walk(path + "[" + i + "]", node.get(i), items.get(i), apiVersion, problems);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        walk(
            path + "." + field.getKey(),
            field.getValue(),
            map.get(field.getKey()),
            apiVersion,
            problems);
      }
      return;
    }
    BeanDescription description =
        mapper.getSerializationConfig().introspect(mapper.constructType(value.getClass()));
    Map<String, BeanPropertyDefinition> properties = new HashMap<>();
    for (BeanPropertyDefinition property : description.findProperties()) {
      properties.put(property.getName(), property);
    }
    boolean strimzi = apiVersion.startsWith("kafka.strimzi.io/");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      BeanPropertyDefinition property = properties.get(field.getKey());
      if (property == null || (property.getAccessor() == null && property.getField() == null)) {
        problems.add("unknown field " + fieldPath);
        continue;
      }
      AnnotatedMember accessor =
          property.getAccessor() != null ? property.getAccessor() : property.getField();
      if (strimzi) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (AnnotatedMember member : membersOf(property)) {
          if (!StrimziVersions.present(member.getDeclaringClass(), member.getName(), version)) {
            problems.add(
                fieldPath
                    + " exists only in Strimzi API "
                    + StrimziVersions.range(member.getDeclaringClass(), member.getName())
                    + ", not in "
                    + apiVersion);
          }
        }
      }
      Object child;
      try {
        child = accessor.getValue(value);
      } catch (RuntimeException e) {
        problems.add("cannot read " + fieldPath + ": " + e);
        continue;
      }
      walk(fieldPath, field.getValue(), child, apiVersion, problems);
    }
  }

  private static List<AnnotatedMember> membersOf(BeanPropertyDefinition property) {
    List<AnnotatedMember> members = new ArrayList<>();
    if (property.getGetter() != null) {
      members.add(property.getGetter());
    }
    if (property.getField() != null) {
      members.add(property.getField());
    }
    return members;
  }

  private static List<?> asList(Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    if (value instanceof Collection<?> collection) {
      return new ArrayList<>(collection);
    }
    if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
      return List.of((Object[]) value);
    }
    return null;
  }
}
