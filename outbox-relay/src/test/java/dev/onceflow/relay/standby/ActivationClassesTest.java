package dev.onceflow.relay.standby;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure logic: what a standby preloads, and that preloading neither initializes nor fails. */
class ActivationClassesTest {

  @Test
  void theListHoldsTheHeavyClassesOfAnActivation() {
    assertThat(ActivationClasses.names())
        .hasSizeGreaterThan(1_000)
        .contains(
            "org.apache.kafka.clients.producer.KafkaProducer",
            "io.debezium.embedded.async.AsyncEmbeddedEngine",
            "io.debezium.connector.postgresql.PostgresConnectorTask");
  }

  @Test
  void theListHoldsNoSingleMessageTransformSinceTheRelayRoutesRowsItself() {
    assertThat(ActivationClasses.names())
        .noneMatch(name -> name.startsWith("io.debezium.transforms.outbox."))
        .doesNotContain(
            "io.debezium.transforms.SmtManager",
            "org.apache.kafka.connect.transforms.ExtractField");
  }

  @Test
  void everyListedClassIsOnTheClassPath() {
    List<String> names = ActivationClasses.names();
    assertThat(ActivationClasses.load(getClass().getClassLoader(), names))
        .as(
            "classes found of %d listed (a dependency upgrade renamed some: regenerate the list)",
            names.size())
        .isEqualTo(names.size());
  }

  @Test
  void loadsWithoutInitializingAndSkipsWhatIsMissing() {
    List<String> asked = new ArrayList<>();
    ClassLoader recording =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
          }
        };
    int loaded =
        ActivationClasses.load(
            recording, List.of(InitializedOnce.class.getName(), "no.such.ActivationClass"));

    assertThat(loaded).isEqualTo(1);
    assertThat(asked).contains(InitializedOnce.class.getName(), "no.such.ActivationClass");
    assertThat(Flag.initialized).as("InitializedOnce's static initializer ran").isFalse();
  }

  /** Its static initializer records that it ran. */
  static final class InitializedOnce {
    static {
      Flag.initialized = true;
    }
  }

  /** Apart, so that reading the flag does not initialize {@link InitializedOnce}. */
  static final class Flag {
    static boolean initialized;
  }
}
