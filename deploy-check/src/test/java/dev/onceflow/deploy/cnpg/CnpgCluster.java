package dev.onceflow.deploy.cnpg;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * The part of CloudNativePG's {@code postgresql.cnpg.io/v1} {@code Cluster} that Onceflow uses, as
 * a strict model: there is no CloudNativePG Java model on Maven Central, so these records follow
 * the field names and types of CloudNativePG's {@code api/v1} Go types (1.27). A field the records
 * do not declare fails the read, even when CloudNativePG has it: add it here, checked against that
 * API, before using it.
 */
public record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

  /** {@code ClusterSpec}. */
  public record Spec(
      String description,
      Integer instances,
      String imageName,
      String imagePullPolicy,
      String primaryUpdateStrategy,
      String primaryUpdateMethod,
      Boolean enableSuperuserAccess,
      InheritedMetadata inheritedMetadata,
      Postgresql postgresql,
      ReplicationSlots replicationSlots,
      Bootstrap bootstrap,
      Managed managed,
      Storage storage,
      Storage walStorage,
      ResourceRequirements resources,
      Affinity affinity,
      Integer startDelay,
      Integer stopDelay) {}

  /** {@code EmbeddedObjectMetadata}: labels and annotations put on every object of the cluster. */
  public record InheritedMetadata(Map<String, String> labels, Map<String, String> annotations) {}

  /** {@code PostgresConfiguration}; CloudNativePG accepts only strings as parameter values. */
  public record Postgresql(
      Map<String, String> parameters, @JsonProperty("pg_hba") List<String> pgHba) {}

  /** {@code ReplicationSlotsConfiguration}. */
  public record ReplicationSlots(
      HighAvailability highAvailability,
      Integer updateInterval,
      SynchronizeReplicas synchronizeReplicas) {}

  /** {@code ReplicationSlotsHAConfiguration}; {@code synchronizeLogicalDecoding} since 1.27. */
  public record HighAvailability(
      Boolean enabled, String slotPrefix, Boolean synchronizeLogicalDecoding) {}

  /** {@code SynchronizeReplicasConfiguration}. */
  public record SynchronizeReplicas(Boolean enabled, List<String> excludePatterns) {}

  /** {@code BootstrapConfiguration}, initdb only. */
  public record Bootstrap(InitDb initdb) {}

  /** {@code BootstrapInitDB}. */
  public record InitDb(
      String database,
      String owner,
      LocalObjectReference secret,
      String encoding,
      Boolean dataChecksums,
      List<String> postInitSQL,
      List<String> postInitApplicationSQL,
      List<String> postInitTemplateSQL) {}

  /** {@code LocalObjectReference}. */
  public record LocalObjectReference(String name) {}

  /** {@code ManagedConfiguration}, roles only. */
  public record Managed(List<Role> roles) {}

  /** {@code RoleConfiguration}. */
  public record Role(
      String name,
      String ensure,
      String comment,
      Boolean login,
      Boolean superuser,
      Boolean createdb,
      Boolean createrole,
      Boolean inherit,
      Boolean replication,
      Boolean bypassrls,
      Long connectionLimit,
      String validUntil,
      List<String> inRoles,
      LocalObjectReference passwordSecret,
      Boolean disablePassword) {}

  /** {@code StorageConfiguration}. */
  public record Storage(String size, String storageClass, Boolean resizeInUseVolumes) {}

  /** {@code AffinityConfiguration}. */
  public record Affinity(
      Boolean enablePodAntiAffinity,
      String podAntiAffinityType,
      String topologyKey,
      Map<String, String> nodeSelector) {}
}
