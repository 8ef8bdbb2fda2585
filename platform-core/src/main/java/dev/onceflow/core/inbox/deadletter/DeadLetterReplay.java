package dev.onceflow.core.inbox.deadletter;

import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.inbox.pipeline.ApplyResult;
import dev.onceflow.core.inbox.pipeline.CommittedOutcomes;
import dev.onceflow.core.inbox.pipeline.InboxPipeline;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Replays a dead letter through the same path as a Kafka delivery: decode, then the inbox insert
 * and the effect in one transaction. An event whose id the inbox already holds is reported as a
 * duplicate and changes nothing, so a replay can never double-apply, however often it is asked.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class DeadLetterReplay {

  private final InboxPipeline pipeline;
  private final DeadLetterStore store;
  private final CommittedOutcomes outcomes;
  private final Clock clock;

  DeadLetterReplay(
      InboxPipeline pipeline, DeadLetterStore store, CommittedOutcomes outcomes, Clock clock) {
    this.pipeline = pipeline;
    this.store = store;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  /**
   * Replays dead letter {@code id}.
   *
   * @throws DeadLetterNotFound if this consumer has no such dead letter
   * @throws dev.onceflow.core.inbox.fault.RejectedEvent if the record still cannot be decoded
   */
  public Replayed replay(long id) {
    Instant receivedAt = clock.instant();
    Replayed replayed =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  DeadLetterStore.Stored stored =
                      store.lock(id).orElseThrow(() -> new DeadLetterNotFound(id));
                  ConsumedEvent<Object> event = pipeline.decode(stored.envelope());
                  ApplyResult<Object> result = pipeline.apply(List.of(event));
                  ApplyResult.Outcome outcome = result.outcomeOf(event);
                  store.markReplayed(id, clock.instant(), outcome.name().toLowerCase(Locale.ROOT));
                  return new Replayed(id, event, outcome, result);
                });
    outcomes.report(replayed.result, receivedAt, true);
    return replayed;
  }

  /** The outcome of a replay. */
  public record Replayed(
      long id,
      ConsumedEvent<Object> event,
      ApplyResult.Outcome outcome,
      ApplyResult<Object> result) {}

  /** No dead letter of this consumer has the id. */
  public static class DeadLetterNotFound extends RuntimeException {
    public DeadLetterNotFound(long id) {
      super("no dead letter with id " + id);
    }
  }
}
