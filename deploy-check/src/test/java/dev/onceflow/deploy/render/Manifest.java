package dev.onceflow.deploy.render;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One rendered document: its identity, its raw tree and the strictly typed object it was read into
 * (a fabric8, Strimzi or {@link dev.onceflow.deploy.cnpg.CnpgCluster} model object).
 */
public record Manifest(String apiVersion, String kind, String name, JsonNode raw, Object typed) {

  /** {@code kind/name}, for messages. */
  public String id() {
    return kind + "/" + name;
  }

  /** Whether this is {@code kind} in API group {@code group} ({@code ""} for the core group). */
  public boolean is(String group, String kind) {
    String actualGroup = apiVersion.contains("/") ? apiVersion.split("/", 2)[0] : "";
    return actualGroup.equals(group) && this.kind.equals(kind);
  }

  /** The typed object as {@code type}. */
  public <T> T as(Class<T> type) {
    return type.cast(typed);
  }
}
