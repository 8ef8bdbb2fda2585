package dev.onceflow.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onceflow.relay.testing.DeliveryAudit;
import dev.onceflow.relay.testing.EventTopics;
import dev.onceflow.relay.testing.OutboxRow;
import dev.onceflow.relay.testing.ReceivedEvent;
import dev.onceflow.relay.testing.RelayProcess;
import dev.onceflow.relay.testing.RelayShard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A relay stopped with SIGTERM resumes where it stopped: what was written meanwhile arrives once.
 */
class GracefulRestartIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Test
  void resumesWithoutLossOrDuplicatesAfterAGracefulStop() {
    try (RelayShard shard = RelayShard.create("graceful");
        EventTopics events = shard.events()) {
      List<OutboxRow> committed = new ArrayList<>();
      RelayProcess relay =
          shard.relay("exactly-once", Map.of()).start().awaitRole("active", PATIENCE);
      committed.addAll(writeSome(shard, "before", 0));
      events.pollUntilAtLeast(committed.size(), PATIENCE);

      int status = relay.stop();
      assertThat(status).as("exit status after SIGTERM").isIn(0, 143);
      assertThat(relay.output()).doesNotContain("FENCED");

      // Written while no relay runs: the slot keeps it.
      committed.addAll(writeSome(shard, "while-down", 0));
      shard.relay("exactly-once", Map.of()).start().awaitRole("active", PATIENCE);
      committed.addAll(writeSome(shard, "after", 0));

      events.pollUntilAtLeast(committed.size(), PATIENCE);
      List<ReceivedEvent> received = events.pollUntilQuiet(Duration.ofSeconds(2), PATIENCE);
      assertThat(DeliveryAudit.of(committed, received)).isEqualTo(new DeliveryAudit(0, 0, 0, 0));
    }
  }

  /** 20 transactions of 5 events over 5 aggregates, plus 5 rolled back; returns the committed. */
  private static List<OutboxRow> writeSome(RelayShard shard, String phase, long unused) {
    List<OutboxRow> committed = new ArrayList<>();
    for (int transaction = 0; transaction < 25; transaction++) {
      List<OutboxRow> rows = new ArrayList<>();
      for (int aggregate = 0; aggregate < 5; aggregate++) {
        rows.add(OutboxRow.orderEvent(phase + "-" + aggregate, transaction + 1));
      }
      boolean commit = transaction % 5 != 4;
      shard.database().write(rows, commit);
      if (commit) {
        committed.addAll(rows);
      }
    }
    return committed;
  }
}
