package dev.onceflow.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pure unit test: no database or broker involved. */
class TimeOrderedIdsTest {

  @Test
  void isAVersion7VariantRfc9562Uuid() {
    UUID id = TimeOrderedIds.next(Clock.systemUTC());

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void carriesTheClocksMillisecondInItsFirst48Bits() {
    Instant instant = Instant.parse("2026-11-27T10:15:30.123Z");
    UUID id = TimeOrderedIds.next(Clock.fixed(instant, ZoneOffset.UTC));

    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(instant.toEpochMilli());
  }

  @Test
  void idsOfLaterMillisecondsSortAfterEarlierOnes() {
    UUID earlier = TimeOrderedIds.next(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
    UUID later = TimeOrderedIds.next(Clock.fixed(Instant.ofEpochMilli(1_001), ZoneOffset.UTC));

    assertThat(
            Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits()))
        .isNegative();
  }

  @Test
  void manyIdsInOneMillisecondAreDistinct() {
    Clock frozen = Clock.fixed(Instant.ofEpochMilli(42), ZoneOffset.UTC);
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(TimeOrderedIds.next(frozen));
    }
    assertThat(ids).hasSize(100_000);
  }
}
