package dev.wimigrate.inventory.ticketing;

import java.time.Duration;
import java.util.Map;

/**
 * How {@link TicketCallbacks} delivers.
 *
 * @param queueCapacity pending notifications over all tickets; when full the oldest is dropped
 * @param workers deliveries in parallel (for different tickets; one ticket's are in order)
 * @param maxAttempts attempts per notification, the first included
 * @param firstDelay pause after the first failed attempt, doubled after each further one
 * @param maxDelay the longest such pause
 * @param maxRetryAfter the longest pause a {@code Retry-After} answer may ask for
 * @param requestTimeout per attempt, connection and answer
 * @param credentials by callback kind ({@code jira}, {@code servicenow}, {@code generic})
 */
public record CallbackSettings(
    int queueCapacity,
    int workers,
    int maxAttempts,
    Duration firstDelay,
    Duration maxDelay,
    Duration maxRetryAfter,
    Duration requestTimeout,
    Map<String, CallbackCredentials> credentials) {

  public CallbackSettings {
    if (queueCapacity < 1 || workers < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "queue capacity, workers and max attempts must be at least 1, got "
              + queueCapacity
              + ", "
              + workers
              + ", "
              + maxAttempts);
    }
    credentials = Map.copyOf(credentials);
  }

  /** 1000 pending, 4 workers, 6 attempts 1 s, 2 s, 4 s, … apart (at most 1 min), 10 s timeout. */
  public static CallbackSettings defaults(Map<String, CallbackCredentials> credentials) {
    return new CallbackSettings(
        1000,
        4,
        6,
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10),
        credentials);
  }

  /** The pause after failed attempt {@code attempt} (1-based) when no Retry-After was given. */
  Duration backoff(int attempt) {
    Duration delay = firstDelay;
    for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
