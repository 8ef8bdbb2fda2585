package dev.onceflow.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Pure logic: the producer javadoc's error contract. */
class KafkaErrorsTest {

  @Test
  void fencedOutOfOrderAndAuthorizationAreFatal() {
    assertThat(KafkaErrors.isFatal(new ProducerFencedException("fenced"))).isTrue();
    assertThat(KafkaErrors.isFatal(new OutOfOrderSequenceException("gap"))).isTrue();
    assertThat(KafkaErrors.isFatal(new TopicAuthorizationException("no"))).isTrue();
  }

  @Test
  void aWrappedFenceIsStillAFence() {
    KafkaException wrapped =
        new KafkaException(
            "Cannot execute transactional method because we are in an error state",
            new ProducerFencedException("fenced"));
    assertThat(KafkaErrors.isFatal(wrapped)).isTrue();
    assertThat(KafkaErrors.isFenced(wrapped)).isTrue();
  }

  @Test
  void otherErrorsAreRetriable() {
    assertThat(KafkaErrors.isFatal(new TimeoutException("slow"))).isFalse();
    assertThat(KafkaErrors.isFatal(new KafkaException("transient"))).isFalse();
    assertThat(KafkaErrors.isFenced(new TopicAuthorizationException("no"))).isFalse();
  }
}
