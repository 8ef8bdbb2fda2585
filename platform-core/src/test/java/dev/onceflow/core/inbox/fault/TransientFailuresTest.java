package dev.onceflow.core.inbox.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

  @Test
  void deadlocksSerializationFailuresAndLostConnectionsAreTransient() {
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("x", "40P01")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("x", "40001")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("x", "08006")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("x", "57P01")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("x", "57P02")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("x", "57P03")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("x", "08001")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new ConnectException("refused")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLTransientConnectionException("x"))))
        .isTrue();
  }

  @Test
  void agroalsPoolTimeoutAndClosedConnectionAreTransient() {
    assertThat(
            TransientFailures.isTransient(wrapped(new SQLException("Sorry, acquisition timeout!"))))
        .isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("Connection is closed"))))
        .isTrue();
  }

  @Test
  void aCommitThatLostItsConnectionIsTransient() {
    // What Narayana threw when PostgreSQL crashed during an inbox commit (system test ledger): the
    // I/O error is the cause of an XAException that the RollbackException only suppresses.
    XAException commit = new XAException("Error trying to transactionCommit local transaction");
    commit.initCause(
        new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction.");
    rollback.addSuppressed(commit);

    assertThat(TransientFailures.isTransient(wrapped(rollback))).isTrue();
  }

  @Test
  void aSuppressedFailureThatTimeDoesNotCureIsNotTransient() {
    RuntimeException rollback = new RuntimeException("could not commit");
    rollback.addSuppressed(new SQLException("duplicate key", "23505"));
    RuntimeException cyclic = new RuntimeException("cycle");
    rollback.addSuppressed(cyclic);
    cyclic.addSuppressed(rollback);

    assertThat(TransientFailures.isTransient(wrapped(rollback))).isFalse();
  }

  @Test
  void constraintViolationsAndBugsAreNot() {
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("x", "23505")))).isFalse();
    assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("value too long", "22001"))))
        .isFalse();
  }

  private static RuntimeException wrapped(Throwable cause) {
    return new IllegalStateException("outer", new RuntimeException("middle", cause));
  }
}
