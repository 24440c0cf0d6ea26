package dev.wimigrate.inventory.saga;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How patient and how bold the orchestrator is. Timeouts are per step kind and generous: a step
 * that times out is sent again (same step id, so the worker re-checks rather than repeats) until
 * {@code maxAttempts}; retryable failures back off exponentially from {@code retryBackoff} up to
 * {@code maxRetryBackoff}.
 */
public record SagaSettings(
    Map<StepKind, Duration> timeouts,
    int maxAttempts,
    Duration retryBackoff,
    Duration maxRetryBackoff,
    Duration verifyTimeout,
    int maxWorkloadsInFlight,
    boolean haltOnCanaryFailure,
    double maxFailureFraction,
    Long tokenExpirationSeconds,
    Integer proxySidecarPort) {

  public SagaSettings {
    Map<StepKind, Duration> all = new EnumMap<>(defaultTimeouts());
    if (timeouts != null) {
      all.putAll(timeouts);
    }
    timeouts = Map.copyOf(all);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (maxWorkloadsInFlight < 1) {
      throw new IllegalArgumentException(
          "maxWorkloadsInFlight must be at least 1, got " + maxWorkloadsInFlight);
    }
    if (!(maxFailureFraction > 0 && maxFailureFraction <= 1)) {
      throw new IllegalArgumentException(
          "maxFailureFraction must be > 0 and <= 1, got " + maxFailureFraction);
    }
  }

  public static SagaSettings defaults() {
    return new SagaSettings(
        Map.of(),
        4,
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        25,
        true,
        0.2,
        null,
        null);
  }

  public Duration timeout(StepKind kind) {
    return timeouts.get(kind);
  }

  /** The back-off before attempt {@code nextAttempt} (2, 3, …). */
  public Duration backoff(int nextAttempt) {
    Duration d = retryBackoff.multipliedBy(1L << Math.min(20, Math.max(0, nextAttempt - 2)));
    return d.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : d;
  }

  private static Map<StepKind, Duration> defaultTimeouts() {
    Map<StepKind, Duration> t = new EnumMap<>(StepKind.class);
    t.put(StepKind.ENABLE_CLUSTER, Duration.ofMinutes(45)); // a managed-cluster update
    t.put(StepKind.ENSURE_IDENTITY, Duration.ofMinutes(5));
    t.put(StepKind.COPY_ROLES, Duration.ofMinutes(10));
    t.put(StepKind.CREATE_CREDENTIAL, Duration.ofMinutes(20)); // includes propagation
    t.put(StepKind.ENSURE_SERVICE_ACCOUNT, Duration.ofMinutes(2));
    t.put(StepKind.PATCH_WORKLOAD, Duration.ofMinutes(2));
    t.put(StepKind.ROLLOUT, Duration.ofMinutes(20));
    t.put(StepKind.VERIFY, Duration.ofMinutes(10));
    t.put(StepKind.CLEANUP, Duration.ofMinutes(5));
    t.put(StepKind.REMOVE_POD_IDENTITY, Duration.ofMinutes(45));
    t.put(StepKind.ROLLBACK, Duration.ofMinutes(20));
    t.put(StepKind.DELETE_CREDENTIAL, Duration.ofMinutes(10));
    return t;
  }
}
