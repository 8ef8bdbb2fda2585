package dev.onceflow.inbox.support;

import static io.restassured.RestAssured.given;

import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.KafkaTestClient;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Helpers shared by the {@code @QuarkusTest}s: per-test topics, publishing, REST reads. */
public final class InboxTestSupport {

  /** Prefix matched by the test profile's topic pattern. */
  public static final String TEST_TOPIC_PREFIX = "onceflow.test.order.";

  /** The database the tests' application uses. */
  public static final String DATABASE = "fulfillment";

  private InboxTestSupport() {}

  /** Creates a topic owned by one test; the consumer's pattern subscription picks it up. */
  public static String newTopic(String testName, int partitions) {
    return LocalPlatformTestResource.newTopic(TEST_TOPIC_PREFIX, testName, partitions);
  }

  public static String bootstrapServers() {
    return LocalPlatformTestResource.kafka().bootstrapServers();
  }

  public static void publish(List<ProducerRecord<String, byte[]>> records) {
    KafkaTestClient.publish(bootstrapServers(), records);
  }

  @SafeVarargs
  public static void publish(ProducerRecord<String, byte[]>... records) {
    publish(List.of(records));
  }

  /** A fresh id so that tests never share orders or customers. */
  public static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  public static ValidatableResponse stats(String customerId) {
    return given().get("/customers/{id}/stats", customerId).then();
  }

  public static ValidatableResponse shipment(String orderId) {
    return given().get("/shipments/{orderId}", orderId).then();
  }
}
