package dev.wimigrate.inventory.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebuildProgressTest {

  static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aTopicThatIsEmptyOrMissingNeedsNoRebuild() {
    assertThat(new RebuildProgress(Map.of(), START, Duration.ofMinutes(5)).complete()).isTrue();
    assertThat(new RebuildProgress(Map.of(0, 0L, 1, 0L), START, Duration.ofMinutes(5)).complete())
        .isTrue();
  }

  @Test
  void theStoreIsCompleteOnlyOnceEveryPartitionReachedItsEndOffsetAtStart() {
    RebuildProgress progress =
        new RebuildProgress(Map.of(0, 3L, 1, 2L, 2, 0L), START, Duration.ofMinutes(5));
    assertThat(progress.remaining()).isEqualTo(5);

    progress.consumed(0, 0);
    progress.consumed(0, 2);
    assertThat(progress.complete()).isFalse();
    assertThat(progress.remaining()).isEqualTo(2);

    progress.consumed(1, 1);
    assertThat(progress.complete()).isTrue();
    assertThat(progress.remaining()).isZero();
  }

  @Test
  void recordsArrivingOutOfOrderWithinAPartitionCountByTheHighestOffset() {
    RebuildProgress progress = new RebuildProgress(Map.of(0, 10L), START, Duration.ofMinutes(5));
    progress.consumed(0, 9);
    progress.consumed(0, 4);
    assertThat(progress.complete()).isTrue();
  }

  @Test
  void anIncompleteRebuildIsNotReadyUntilTheDeadline() {
    RebuildProgress progress = new RebuildProgress(Map.of(0, 10L), START, Duration.ofMinutes(5));
    assertThat(progress.ready(START.plusSeconds(299))).isFalse();
    assertThat(progress.ready(START.plusSeconds(301))).isTrue();
    assertThat(progress.complete()).isFalse();
  }
}
