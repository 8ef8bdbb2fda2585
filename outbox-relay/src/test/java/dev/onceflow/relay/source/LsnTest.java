package dev.onceflow.relay.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pure logic. */
class LsnTest {

  @Test
  void readsAndWritesPostgresNotation() {
    assertThat(Lsn.parse("16/B374D848")).isEqualTo(0x16B374D848L);
    assertThat(Lsn.format(0x16B374D848L)).isEqualTo("16/B374D848");
    assertThat(Lsn.parse("0/0")).isZero();
  }

  @Test
  void walLevelMessageSaysHowToFixIt() {
    assertThat(WalLevel.problem("logical", "db:5432")).isNull();
    assertThat(WalLevel.problem("replica", "db:5432"))
        .contains("wal_level=replica")
        .contains("ALTER SYSTEM SET wal_level = logical")
        .contains("restart PostgreSQL");
  }
}
