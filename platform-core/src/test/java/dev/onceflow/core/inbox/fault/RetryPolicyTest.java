package dev.onceflow.core.inbox.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffDoublesUpToItsCapWithoutJitter() {
    RetryPolicy policy =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5, () -> 0);

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(200)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterRemovesUpToItsShare() {
    RetryPolicy policy =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5, () -> 1);

    assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(100));
  }
}
