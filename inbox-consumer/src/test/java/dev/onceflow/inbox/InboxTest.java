package dev.onceflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.core.inbox.Inbox;
import dev.onceflow.core.inbox.InboxPruner;
import dev.onceflow.core.inbox.dedupe.DedupeWindowPruning;
import dev.onceflow.local.LocalPlatformTestResource;
import dev.onceflow.testkit.MutableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** platform-core's inbox API against the real database: insert first, per consumer, pruned. */
@QuarkusTest
@WithTestResource(
    value = LocalPlatformTestResource.class,
    initArgs = @ResourceArg(name = LocalPlatformTestResource.DATABASE, value = "fulfillment"))
class InboxTest {

  @Inject Inbox inbox;
  @Inject InboxPruner pruner;
  @Inject DedupeWindowPruning pruning;
  @Inject MutableClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void theFirstDeliveryIsNewAndTheSecondIsAlreadySeen() {
    String consumer = consumer();
    UUID event = UUID.randomUUID();

    assertThat(inTx(() -> inbox.firstDelivery(consumer, event))).isTrue();
    assertThat(inTx(() -> inbox.firstDelivery(consumer, event))).isFalse();
  }

  @Test
  void aRolledBackDeliveryIsNotRemembered() {
    String consumer = consumer();
    UUID event = UUID.randomUUID();

    QuarkusTransaction.begin();
    assertThat(inbox.firstDelivery(consumer, event)).isTrue();
    QuarkusTransaction.rollback();

    assertThat(inTx(() -> inbox.firstDelivery(consumer, event))).isTrue();
  }

  @Test
  void theBatchFormReturnsOnlyTheNewIdsOnceEach() {
    String consumer = consumer();
    UUID seen = UUID.randomUUID();
    UUID fresh = UUID.randomUUID();
    inTx(() -> inbox.firstDelivery(consumer, seen));

    assertThat(inTx(() -> inbox.firstDeliveries(consumer, List.of(seen, fresh, fresh))))
        .containsExactly(fresh);
    assertThat(inTx(() -> inbox.firstDeliveries(consumer, List.of(seen, fresh)))).isEmpty();
  }

  @Test
  void consumersSharingTheDatabaseDoNotSeeEachOthersEntries() {
    UUID event = UUID.randomUUID();
    String billing = consumer();
    String shipping = consumer();

    assertThat(inTx(() -> inbox.firstDelivery(billing, event))).isTrue();
    assertThat(inTx(() -> inbox.firstDelivery(shipping, event))).isTrue();
    assertThat(inTx(() -> inbox.firstDelivery(billing, event))).isFalse();
  }

  @Test
  void theInboxRefusesToWorkOutsideATransaction() {
    assertThatThrownBy(() -> inbox.firstDelivery(consumer(), UUID.randomUUID()))
        .isInstanceOf(TransactionalException.class);
    assertThatThrownBy(() -> inbox.firstDeliveries(consumer(), List.of(UUID.randomUUID())))
        .isInstanceOf(TransactionalException.class);
  }

  @Test
  void pruningRemovesOnlyEntriesOlderThanTheWindowOfThatConsumer() {
    String consumer = consumer();
    String neighbour = consumer();
    UUID old = UUID.randomUUID();
    UUID olderStill = UUID.randomUUID();
    UUID recent = UUID.randomUUID();
    clock.shift(Duration.ofDays(-9));
    inTx(() -> inbox.firstDelivery(consumer, olderStill));
    clock.shift(Duration.ofDays(-7).minusMinutes(1));
    inTx(() -> inbox.firstDelivery(consumer, old));
    inTx(() -> inbox.firstDelivery(neighbour, old));
    clock.shift(Duration.ofDays(-7).plusMinutes(1));
    inTx(() -> inbox.firstDelivery(consumer, recent));
    clock.reset();

    // Batches of one: the loop must go on until a batch comes back short.
    assertThat(pruner.prune(consumer, Duration.ofDays(7), 1)).isEqualTo(2);

    assertThat(inTx(() -> inbox.firstDelivery(consumer, recent))).isFalse();
    assertThat(inTx(() -> inbox.firstDelivery(neighbour, old))).isFalse();
    // Past the window an event is forgotten: a replay now would be applied again.
    assertThat(inTx(() -> inbox.firstDelivery(consumer, old))).isTrue();
    assertThat(pruner.prune(consumer, Duration.ofDays(7), 1)).isZero();
  }

  @Test
  void pruningKeepsTheEntryOfAnEventStillHeldBackHoweverOld() {
    String consumer = consumer();
    UUID parked = UUID.randomUUID();
    clock.shift(Duration.ofDays(-30));
    inTx(() -> inbox.firstDelivery(consumer, parked));
    inTx(
        () -> {
          inbox.markPending(consumer, List.of(parked)); // what parking an event does
          return null;
        });
    clock.reset();

    assertThat(pruner.prune(consumer, Duration.ofDays(7), 10)).isZero();
    assertThat(inTx(() -> inbox.firstDelivery(consumer, parked))).isFalse();

    // Applied at last: it ages out by its arrival like any other entry.
    inTx(
        () -> {
          inbox.markProcessed(consumer, List.of(parked));
          return null;
        });
    assertThat(pruner.prune(consumer, Duration.ofDays(7), 10)).isEqualTo(1);
  }

  @Test
  void theServicePrunesItsOwnConsumerWithTheConfiguredWindow() {
    UUID event = UUID.randomUUID();
    clock.shift(Duration.ofDays(-8));
    inTx(() -> inbox.firstDelivery("fulfillment", event));
    clock.reset();

    assertThat(pruning.prune()).isGreaterThanOrEqualTo(1);

    assertThat(inTx(() -> inbox.firstDelivery("fulfillment", event))).isTrue();
    inTx(
        () -> {
          inbox.forget("fulfillment", List.of(event));
          return null;
        });
  }

  private static String consumer() {
    return "test-" + UUID.randomUUID();
  }

  private static <T> T inTx(java.util.concurrent.Callable<T> work) {
    return QuarkusTransaction.requiringNew().call(work);
  }
}
