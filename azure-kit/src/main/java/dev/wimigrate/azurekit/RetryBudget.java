package dev.wimigrate.azurekit;

import java.time.Duration;

/**
 * How long a transient Azure failure is retried: at most {@code maxAttempts} calls within {@code
 * maxElapsed}, waiting exponentially from {@code firstDelay} up to {@code maxDelay}, and never less
 * than the {@code Retry-After} Azure asked for.
 */
public record RetryBudget(
    int maxAttempts, Duration maxElapsed, Duration firstDelay, Duration maxDelay) {

  public RetryBudget {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay");
    }
  }

  /**
   * The wait before attempt {@code attempt + 1} after {@code attempt} failed ({@code attempt} >=
   * 1): exponential with full jitter ({@code random} in [0, 1)), at least {@code retryAfter}.
   */
  public Duration delayAfter(int attempt, Duration retryAfter, double random) {
    long ceiling = firstDelay.toMillis() << Math.min(attempt - 1, 20);
    ceiling = Math.min(Math.max(ceiling, 0), maxDelay.toMillis());
    // half fixed, half jitter: replicas retrying after one throttled burst spread out
    long millis = ceiling / 2 + (long) (ceiling / 2.0 * random);
    Duration backoff = Duration.ofMillis(millis);
    return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
  }
}
