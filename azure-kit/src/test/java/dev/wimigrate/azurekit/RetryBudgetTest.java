package dev.wimigrate.azurekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  final RetryBudget budget =
      new RetryBudget(8, Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(30));

  @Test
  void delaysDoubleFromTheFirstDelayWithTheLowerHalfFixed() {
    assertThat(budget.delayAfter(1, null, 0.0)).isEqualTo(Duration.ofMillis(250));
    assertThat(budget.delayAfter(1, null, 0.999))
        .isBetween(Duration.ofMillis(490), Duration.ofMillis(500));
    assertThat(budget.delayAfter(2, null, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(budget.delayAfter(3, null, 0.0)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void delaysStopGrowingAtTheMaximum() {
    assertThat(budget.delayAfter(30, null, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(budget.delayAfter(30, null, 0.0)).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void aRetryAfterLongerThanTheBackoffIsHonoured() {
    assertThat(budget.delayAfter(1, Duration.ofSeconds(17), 0.5)).isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void aRetryAfterShorterThanTheBackoffDoesNotShortenIt() {
    assertThat(budget.delayAfter(5, Duration.ofMillis(1), 0.0)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void nonsensicalBudgetsAreRefused() {
    assertThatThrownBy(() -> new RetryBudget(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () -> new RetryBudget(3, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("firstDelay <= maxDelay");
  }
}
