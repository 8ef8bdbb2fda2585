package dev.onceflow.deploy.render;

import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Secrets Strimzi generates for an overlay, which no operator creates by hand and
 * k8s/required-secrets.yaml therefore does not list: one per SCRAM-SHA-512 KafkaUser (named like
 * the user: {@code password}, {@code sasl.jaas.config}) and the cluster CA certificate of each
 * Kafka ({@code <cluster>-cluster-ca-cert}: {@code ca.crt}, {@code ca.p12}, {@code ca.password}).
 */
public final class StrimziSecrets {

  private StrimziSecrets() {}

  /** Secret name to the keys Strimzi puts in it. */
  public static Map<String, Set<String>> of(Overlay overlay) {
    Map<String, Set<String>> secrets = new LinkedHashMap<>();
    for (Manifest m : overlay.all("kafka.strimzi.io", "KafkaUser")) {
      KafkaUser user = m.as(KafkaUser.class);
      if (user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication) {
        secrets.put(m.name(), Set.of("password", "sasl.jaas.config"));
      }
    }
    for (Manifest m : overlay.all("kafka.strimzi.io", "Kafka")) {
      secrets.put(m.name() + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
    }
    return secrets;
  }
}
