package dev.onceflow.relay.publish;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts producer errors the way the {@code KafkaProducer} javadoc does: a fenced producer, an
 * out-of-order sequence, an authorization or authentication failure, or a broker too old for
 * transactions cannot be recovered by this producer and the relay must stop; an event Kafka refuses
 * for what it is (too large, an invalid topic, an invalid record) can never be published and is
 * dead-lettered; any other {@code KafkaException} is worth an abort and a retry.
 */
public final class KafkaErrors {

  private KafkaErrors() {}

  /** Whether {@code error}, or anything it wraps, means this producer must stop for good. */
  public static boolean isFatal(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException
          || cause instanceof OutOfOrderSequenceException
          || cause instanceof AuthorizationException
          || cause instanceof TransactionalIdAuthorizationException
          || cause instanceof AuthenticationException
          || cause instanceof UnsupportedVersionException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Whether {@code error}, or anything it wraps, says another producer fenced this one. */
  public static boolean isFenced(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * Whether Kafka refused one record for good: it is too large ({@code max.request.size}, {@code
   * buffer.memory} or the topic's {@code max.message.bytes}), its topic name is invalid, or the
   * broker found the record itself invalid. Sending it again can never succeed.
   */
  public static boolean isPermanent(Throwable error) {
    return error instanceof RecordTooLargeException
        || error instanceof InvalidTopicException
        || error instanceof InvalidRecordException;
  }

  /**
   * The reason Kafka refused {@code send} for good, if it already failed so: call it right after
   * {@code send()} returned to learn whether the producer refused that very record.
   */
  public static Optional<Throwable> refusal(Future<RecordMetadata> send) {
    if (!send.isDone()) {
      return Optional.empty();
    }
    try {
      send.get();
      return Optional.empty();
    } catch (ExecutionException e) {
      return isPermanent(e.getCause()) ? Optional.of(e.getCause()) : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The sends among {@code sent} that Kafka refused for good, by index, with the reason. Sends not
   * yet completed, successful, or failed for another reason (the batch's transaction was aborted
   * because of a neighbour...) are left out.
   */
  public static Map<Integer, Throwable> rejections(List<Future<RecordMetadata>> sent) {
    Map<Integer, Throwable> rejections = new HashMap<>();
    for (int i = 0; i < sent.size(); i++) {
      int index = i;
      refusal(sent.get(i)).ifPresent(reason -> rejections.put(index, reason));
    }
    return rejections;
  }
}
