package dev.wimigrate.azurekit;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Runs an Azure call, retrying transient failures within a {@link RetryBudget}. */
public final class Retrier {

  /** Sleeps; tests pass one that advances a clock instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** Told about every retry, e.g. to count it in metrics. */
  @FunctionalInterface
  public interface RetryListener {
    void retrying(String operation, AzureCallException failure, int attempt, Duration delay);
  }

  private final RetryBudget budget;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final RetryListener listener;

  public Retrier(
      RetryBudget budget,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random,
      RetryListener listener) {
    this.budget = budget;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.listener = listener;
  }

  /** Real time, real sleeps, jitter from a secure random source: what the services run with. */
  public static Retrier standard(RetryBudget budget, RetryListener listener) {
    return new Retrier(budget, Clock.systemUTC(), Retrier::sleep, new SecureRandom(), listener);
  }

  /** {@link Thread#sleep} as a {@link Sleeper}. */
  public static void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  public RetryBudget budget() {
    return budget;
  }

  /**
   * The call's result; or its last failure once it failed permanently, the attempts are used up, or
   * the next wait would end past the budget's time.
   */
  public <T> T call(String operation, Supplier<T> call) {
    Instant deadline = clock.instant().plus(budget.maxElapsed());
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (AzureCallException e) {
        if (!e.isTransient() || attempt >= budget.maxAttempts()) {
          throw e;
        }
        Duration delay =
            budget.delayAfter(attempt, e.retryAfter().orElse(null), random.nextDouble());
        if (clock.instant().plus(delay).isAfter(deadline)) {
          throw e;
        }
        listener.retrying(operation, e, attempt, delay);
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
