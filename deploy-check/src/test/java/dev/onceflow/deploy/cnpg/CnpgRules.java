package dev.onceflow.deploy.cnpg;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validations CloudNativePG's webhook and CRD schema apply to the fields of {@link
 * CnpgCluster}: enumerations, required fields, quantities, image tags and the PostgreSQL parameters
 * the operator owns (its {@code FixedConfigurationParameters}; only {@code wal_level} may be set,
 * to {@code logical} or {@code replica}).
 */
public final class CnpgRules {

  /** Parameters CloudNativePG manages itself and rejects in {@code spec.postgresql.parameters}. */
  private static final Set<String> OPERATOR_OWNED =
      Set.of(
          "allow_system_table_mods",
          "archive_mode",
          "bonjour",
          "bonjour_name",
          "cluster_name",
          "config_file",
          "data_directory",
          "data_sync_retry",
          "event_source",
          "external_pid_file",
          "hba_file",
          "hot_standby",
          "ident_file",
          "jit_provider",
          "listen_addresses",
          "logging_collector",
          "port",
          "primary_conninfo",
          "primary_slot_name",
          "recovery_target",
          "recovery_target_action",
          "recovery_target_inclusive",
          "recovery_target_lsn",
          "recovery_target_name",
          "recovery_target_time",
          "recovery_target_timeline",
          "recovery_target_xid",
          "restore_command",
          "shared_preload_libraries",
          "unix_socket_directories",
          "unix_socket_group",
          "unix_socket_permissions",
          "wal_log_hints",
          "archive_cleanup_command",
          "archive_command",
          "full_page_writes",
          "log_destination",
          "log_directory",
          "log_file_mode",
          "log_filename",
          "log_rotation_age",
          "log_rotation_size",
          "log_truncate_on_rotation",
          "promote_trigger_file",
          "recovery_end_command",
          "recovery_min_apply_delay",
          "restart_after_crash",
          "ssl",
          "ssl_ca_file",
          "ssl_cert_file",
          "ssl_ciphers",
          "ssl_crl_file",
          "ssl_dh_params_file",
          "ssl_ecdh_curve",
          "ssl_key_file",
          "ssl_max_protocol_version",
          "ssl_min_protocol_version",
          "ssl_passphrase_command",
          "ssl_passphrase_command_supports_reload",
          "ssl_prefer_server_ciphers",
          "stats_temp_directory",
          "synchronous_standby_names",
          "syslog_facility",
          "syslog_ident",
          "syslog_sequence_numbers",
          "syslog_split_messages");

  private CnpgRules() {}

  /** Every rule {@code cluster} breaks, each naming its field. */
  public static List<String> problems(CnpgCluster cluster) {
    List<String> problems = new ArrayList<>();
    CnpgCluster.Spec spec = cluster.spec();
    if (spec == null) {
      problems.add("spec is required");
      return problems;
    }
    if (spec.instances() == null || spec.instances() < 1) {
      problems.add("spec.instances must be at least 1");
    }
    oneOf(
        problems,
        "spec.primaryUpdateStrategy",
        spec.primaryUpdateStrategy(),
        "unsupervised",
        "supervised");
    oneOf(
        problems, "spec.primaryUpdateMethod", spec.primaryUpdateMethod(), "switchover", "restart");
    oneOf(
        problems,
        "spec.imagePullPolicy",
        spec.imagePullPolicy(),
        "Always",
        "Never",
        "IfNotPresent");
    if (spec.imageName() != null) {
      String tag =
          spec.imageName().contains(":")
              ? spec.imageName().substring(spec.imageName().lastIndexOf(':') + 1)
              : "";
      if (tag.isEmpty() || tag.equals("latest") || !tag.matches("\\d+(\\.\\d+)*([-.].*)?")) {
        problems.add("spec.imageName must carry a PostgreSQL version tag, was " + spec.imageName());
      }
    }
    if (spec.storage() == null || spec.storage().size() == null) {
      problems.add("spec.storage.size is required");
    } else {
      quantity(problems, "spec.storage.size", spec.storage().size());
    }
    if (spec.walStorage() != null) {
      quantity(problems, "spec.walStorage.size", spec.walStorage().size());
    }
    if (spec.affinity() != null) {
      oneOf(
          problems,
          "spec.affinity.podAntiAffinityType",
          spec.affinity().podAntiAffinityType(),
          "required",
          "preferred");
    }
    if (spec.postgresql() != null && spec.postgresql().parameters() != null) {
      for (Map.Entry<String, String> parameter : spec.postgresql().parameters().entrySet()) {
        String key = parameter.getKey();
        if (OPERATOR_OWNED.contains(key)) {
          problems.add("spec.postgresql.parameters." + key + " is managed by CloudNativePG");
        }
        if (key.equals("wal_level")
            && !Set.of("logical", "replica").contains(parameter.getValue())) {
          problems.add("spec.postgresql.parameters.wal_level must be logical or replica");
        }
      }
    }
    if (spec.bootstrap() != null && spec.bootstrap().initdb() != null) {
      CnpgCluster.InitDb initdb = spec.bootstrap().initdb();
      if (initdb.database() == null || initdb.owner() == null) {
        problems.add("spec.bootstrap.initdb needs both database and owner");
      }
      if (initdb.secret() != null && initdb.secret().name() == null) {
        problems.add("spec.bootstrap.initdb.secret.name is required");
      }
    }
    if (spec.managed() != null && spec.managed().roles() != null) {
      for (CnpgCluster.Role role : spec.managed().roles()) {
        String at = "spec.managed.roles[" + role.name() + "]";
        if (role.name() == null || role.name().isBlank()) {
          problems.add("spec.managed.roles[].name is required");
        }
        oneOf(problems, at + ".ensure", role.ensure(), "present", "absent");
        if (role.passwordSecret() != null && Boolean.TRUE.equals(role.disablePassword())) {
          problems.add(at + ": passwordSecret and disablePassword exclude each other");
        }
      }
    }
    if (spec.replicationSlots() != null
        && spec.replicationSlots().highAvailability() != null
        && Boolean.TRUE.equals(
            spec.replicationSlots().highAvailability().synchronizeLogicalDecoding())
        && Boolean.FALSE.equals(spec.replicationSlots().highAvailability().enabled())) {
      problems.add("synchronizeLogicalDecoding needs replicationSlots.highAvailability.enabled");
    }
    synchronizeLogicalDecoding(spec, problems);
    return problems;
  }

  /**
   * CloudNativePG's admission webhook refuses {@code synchronizeLogicalDecoding} on PostgreSQL 17+
   * unless both {@code hot_standby_feedback} and {@code sync_replication_slots} are on; and only
   * with {@code sync_replication_slots} on does the operator set the primary's {@code
   * synchronized_standby_slots} to the standbys' slots, which keeps the relay from receiving a
   * change a standby's copy of its slot has not (validateSynchronizeLogicalDecoding, 1.27).
   */
  private static void synchronizeLogicalDecoding(CnpgCluster.Spec spec, List<String> problems) {
    if (spec.replicationSlots() == null
        || spec.replicationSlots().highAvailability() == null
        || !Boolean.TRUE.equals(
            spec.replicationSlots().highAvailability().synchronizeLogicalDecoding())) {
      return;
    }
    Map<String, String> parameters =
        spec.postgresql() == null || spec.postgresql().parameters() == null
            ? Map.of()
            : spec.postgresql().parameters();
    for (String needed : List.of("hot_standby_feedback", "sync_replication_slots")) {
      if (!Set.of("on", "true", "1", "yes").contains(parameters.getOrDefault(needed, "off"))) {
        problems.add(
            "synchronizeLogicalDecoding needs spec.postgresql.parameters." + needed + ": \"on\"");
      }
    }
  }

  private static void oneOf(List<String> problems, String field, String value, String... allowed) {
    if (value != null && !List.of(allowed).contains(value)) {
      problems.add(field + " must be one of " + List.of(allowed) + ", was " + value);
    }
  }

  private static void quantity(List<String> problems, String field, String value) {
    try {
      Quantity.getAmountInBytes(new Quantity(value));
    } catch (RuntimeException e) {
      problems.add(field + " is not a quantity: " + value);
    }
  }
}
