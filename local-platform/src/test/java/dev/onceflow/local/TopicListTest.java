package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.contract.OnceflowTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicListTest {

  /** The list the launcher gives the local broker; Kubernetes' dev overlay reads the same file. */
  static final Path DEV_TOPICS = Path.of("../k8s/overlays/dev/kafka/topics.txt");

  @Test
  void theDevListNamesEveryPlatformTopicWithItsPartitions() {
    Map<String, TopicList.Topic> topics = byName(TopicList.read(DEV_TOPICS));

    assertThat(topics)
        .containsKeys(
            OnceflowTopics.ORDER_EVENTS,
            OnceflowTopics.DEAD_LETTERS,
            OnceflowTopics.INBOX_JOURNAL,
            OnceflowTopics.RELAY_OFFSETS,
            OnceflowTopics.RELAY_DEAD_LETTERS);
    assertThat(topics.get(OnceflowTopics.ORDER_EVENTS).partitions()).isEqualTo(12);
    assertThat(topics.get(OnceflowTopics.RELAY_OFFSETS).config())
        .containsEntry("cleanup.policy", "compact");
  }

  @Test
  void aMalformedLineFailsNamingTheFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("topics.txt");
    Files.writeString(file, "# comment\ngood 3 1 retention.ms=1\nbad three 1\n");

    assertThatThrownBy(() -> TopicList.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ":3: partitions and replicas must be numbers");
  }

  @Test
  void theBrokerGetsEachTopicWithItsPartitionsAndConfig(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("topics.txt");
    Files.writeString(file, "listed.events 4 3 retention.ms=3600000\nlisted.offsets 1 1\n");

    try (LocalKafka kafka = LocalKafka.builder().build().start();
        Admin admin = kafka.admin()) {
      TopicList.read(file).createOn(kafka);
      // Twice: an existing topic is left as it is.
      TopicList.read(file).createOn(kafka);

      Map<String, TopicDescription> described =
          admin
              .describeTopics(Set.of("listed.events", "listed.offsets"))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      assertThat(described.get("listed.events").partitions()).hasSize(4);
      assertThat(described.get("listed.offsets").partitions()).hasSize(1);
      ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, "listed.events");
      assertThat(
              admin
                  .describeConfigs(Set.of(events))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get(events)
                  .get("retention.ms")
                  .value())
          .isEqualTo("3600000");
    }
  }

  private static Map<String, TopicList.Topic> byName(TopicList list) {
    return list.topics().stream()
        .collect(java.util.stream.Collectors.toMap(TopicList.Topic::name, topic -> topic));
  }
}
