package dev.onceflow.order;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Production settings: each outbox row is deleted in the transaction that inserted it. */
public class DefaultOutbox implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return LocalPlatform.RESOURCES;
  }
}
