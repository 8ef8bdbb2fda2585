package dev.onceflow.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.contract.OnceflowTopics;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

class InboxChannelDefaultsTest {

  @Test
  void anApplicationWithoutAnInboxGetsNoChannels() {
    assertThat(new InboxChannelDefaults().getConfigSources(context(null))).isEmpty();
    assertThat(new InboxChannelDefaults().getConfigSources(context("false"))).isEmpty();
  }

  @Test
  void anInboxGetsBatchedReadCommittedChannelsDerivedFromItsKeys() {
    Iterator<ConfigSource> sources =
        new InboxChannelDefaults().getConfigSources(context("true")).iterator();
    ConfigSource source = sources.next();
    assertThat(sources.hasNext()).isFalse();
    assertThat(source.getOrdinal()).isLessThan(250); // application.properties wins
    String events = "mp.messaging.incoming." + InboxChannels.EVENTS + ".";
    assertThat(source.getValue(events + "topic")).isEqualTo("${onceflow.inbox.topic}");
    assertThat(source.getValue(events + "group.id")).isEqualTo("${onceflow.inbox.consumer-name}");
    assertThat(source.getValue(events + "batch")).isEqualTo("true");
    assertThat(source.getValue(events + "isolation.level")).isEqualTo("read_committed");
    assertThat(source.getValue(events + "enable.auto.commit")).isEqualTo("false");
    assertThat(source.getValue(events + "max.poll.records"))
        .isEqualTo("${onceflow.inbox.batch-size:" + InboxConfig.DEFAULT_BATCH_SIZE + "}");
    // A member killed without leaving holds its partitions this long (Kafka's default: 45 s).
    assertThat(source.getValue(events + "session.timeout.ms")).isEqualTo("10000");
    assertThat(source.getValue(events + "heartbeat.interval.ms")).isEqualTo("3000");
    assertThat(source.getValue(events + "dead-letter-queue.topic"))
        .isEqualTo(OnceflowTopics.DEAD_LETTERS);
    String deadLetters = "mp.messaging.incoming." + InboxChannels.DEAD_LETTERS + ".";
    assertThat(source.getValue(deadLetters + "topic")).isEqualTo(OnceflowTopics.DEAD_LETTERS);
    assertThat(source.getValue(deadLetters + "isolation.level")).isEqualTo("read_committed");
    // The inbox traces each event itself (EventTrace): no second, per-record span from SmallRye.
    assertThat(source.getValue(events + "tracing-enabled")).isEqualTo("false");
    assertThat(source.getValue(deadLetters + "tracing-enabled")).isEqualTo("false");
  }

  private static ConfigSourceContext context(String enabled) {
    Map<String, String> values = enabled == null ? Map.of() : Map.of(InboxConfig.ENABLED, enabled);
    return new ConfigSourceContext() {
      @Override
      public ConfigValue getValue(String name) {
        String value = values.get(name);
        return value == null ? null : ConfigValue.builder().withName(name).withValue(value).build();
      }

      @Override
      public Iterator<String> iterateNames() {
        return Collections.unmodifiableSet(values.keySet()).iterator();
      }
    };
  }
}
