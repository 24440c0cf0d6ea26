package dev.wimigrate.azurekit;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** A service's retry budget for Azure calls, as configured (see {@link RetryBudget}). */
public interface RetrySettings {

  @WithDefault("8")
  int maxAttempts();

  @WithDefault("2m")
  Duration maxElapsed();

  @WithDefault("500ms")
  Duration firstDelay();

  @WithDefault("30s")
  Duration maxDelay();

  static RetryBudget budget(RetrySettings settings) {
    return new RetryBudget(
        settings.maxAttempts(), settings.maxElapsed(), settings.firstDelay(), settings.maxDelay());
  }
}
