package dev.onceflow.relay.publish;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts producer errors the way the {@code KafkaProducer} javadoc does: a fenced producer, an
 * out-of-order sequence, an authorization or authentication failure, or a broker too old for
 * transactions cannot be recovered by this producer and the relay must stop; any other {@code
 * KafkaException} is worth an abort and a retry.
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
}
