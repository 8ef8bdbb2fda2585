package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onceflow.contract.OnceflowTopics;
import dev.onceflow.relay.testing.DeliveryAudit;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.ReceivedEvent;
import dev.onceflow.relay.testing.RelayProcess;
import dev.onceflow.relay.testing.RelayShard;
import dev.onceflow.relay.testing.SteadyWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One relay shard per database, as production runs the orders and the payments databases: each
 * shard has its own database, slot, shard id (hence transactional id, lock and offset key) and two
 * relay processes, while both share the offsets topic and the broker. Killing the active relay of
 * either shard, in turn, under a steady load on both, loses, duplicates and reorders nothing on
 * either: a shard's takeover never reads or fences the other's offsets.
 */
class ShardPerDatabaseIT {

  private static final Duration WRITE_PERIOD = Duration.ofMillis(10);
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final Duration TAKEOVER = Duration.ofSeconds(30);
  private static final int KILLS_PER_SHARD = 2;

  @Test
  void killingEitherShardsRelayLosesAndDuplicatesNothingOnEither() {
    String offsets =
        "shards_"
            + UUID.randomUUID().toString().substring(0, 8)
            + "."
            + OnceflowTopics.RELAY_OFFSETS;
    Map<String, String> sharedOffsets = Map.of("onceflow.relay.offsets-topic", offsets);
    try (RelayShard orders = RelayShard.create("shard_orders");
        RelayShard payments = RelayShard.create("shard_payments");
        SteadyWriter ordersWriter = new SteadyWriter(orders.database(), 30, orders.shardId());
        SteadyWriter paymentsWriter =
            new SteadyWriter(payments.database(), 30, payments.shardId());
        EventTopics ordersEvents = orders.events();
        EventTopics paymentsEvents = payments.events()) {
      Pair ordersRelays = Pair.start(orders, sharedOffsets);
      Pair paymentsRelays = Pair.start(payments, sharedOffsets);
      ordersWriter.start(WRITE_PERIOD);
      paymentsWriter.start(WRITE_PERIOD);

      for (int kill = 0; kill < 2 * KILLS_PER_SHARD; kill++) {
        boolean ordersTurn = kill % 2 == 0;
        EventTopics victimEvents = ordersTurn ? ordersEvents : paymentsEvents;
        int target = victimEvents.poll().size() + 300;
        await("progress before kill " + (kill + 1))
            .atMost(PATIENCE)
            .until(() -> victimEvents.poll().size() >= target);
        if (ordersTurn) {
          ordersRelays = ordersRelays.killActive(orders, sharedOffsets);
        } else {
          paymentsRelays = paymentsRelays.killActive(payments, sharedOffsets);
        }
      }

      DeliveryAudit ordersAudit = audit(ordersWriter, ordersEvents);
      DeliveryAudit paymentsAudit = audit(paymentsWriter, paymentsEvents);
      System.out.printf("shard per database: orders %s, payments %s%n", ordersAudit, paymentsAudit);
      assertThat(ordersAudit).isEqualTo(new DeliveryAudit(0, 0, 0, 0));
      assertThat(paymentsAudit).isEqualTo(new DeliveryAudit(0, 0, 0, 0));
    }
  }

  private static DeliveryAudit audit(SteadyWriter writer, EventTopics events) {
    List<OutboxRow> committed = writer.stop();
    assertThat(committed).hasSizeGreaterThan(500);
    Set<UUID> expected = new HashSet<>();
    committed.forEach(row -> expected.add(row.id()));
    events.pollUntil(PATIENCE, received -> ids(received).containsAll(expected));
    return DeliveryAudit.of(committed, events.pollUntilQuiet(Duration.ofSeconds(3), PATIENCE));
  }

  private static Set<UUID> ids(List<ReceivedEvent> received) {
    Set<UUID> ids = new HashSet<>();
    for (ReceivedEvent event : received) {
      ids.add(UUID.fromString(event.headers().get("id")));
    }
    return ids;
  }

  /** A shard's active relay and its standby. */
  private record Pair(RelayProcess active, RelayProcess standby) {

    static Pair start(RelayShard shard, Map<String, String> overrides) {
      RelayProcess active =
          shard.relay("exactly-once", overrides).start().awaitRole("active", PATIENCE);
      RelayProcess standby =
          shard.relay("exactly-once", overrides).start().awaitRole("standby", PATIENCE);
      return new Pair(active, standby);
    }

    /** kill -9 of the active relay; the standby must take over; a new standby starts. */
    Pair killActive(RelayShard shard, Map<String, String> overrides) {
      standby.awaitRole("standby", PATIENCE);
      active.kill();
      standby.awaitRole("active", TAKEOVER);
      return new Pair(standby, shard.relay("exactly-once", overrides).start());
    }
  }
}
