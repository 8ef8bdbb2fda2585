package dev.onceflow.core.inbox.fault;

/**
 * The schemaVersion header is missing, not a number, or not in
 * onceflow.inbox.supported-schema-versions.
 */
public class UnsupportedSchemaVersion extends RejectedEvent {

  public static final String REASON = "unsupported-schema-version";

  public UnsupportedSchemaVersion(String message) {
    super(REASON, message, null);
  }

  public UnsupportedSchemaVersion(String message, Throwable cause) {
    super(REASON, message, cause);
  }
}
