package dev.wimigrate.inventory.saga;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** {@code wimigrate.saga.*}: see docs/saga.md for each setting and its default. */
@ConfigMapping(prefix = "wimigrate.saga")
public interface SagaConfig {

  /** The compacted topic that holds the orchestrator's state. */
  @WithDefault("wimigrate.saga")
  String stateTopic();

  /** How often timeouts, retries and waves are looked at. */
  @WithDefault("1s")
  Duration tickInterval();

  @WithDefault("4")
  int maxAttempts();

  @WithDefault("5s")
  Duration retryBackoff();

  @WithDefault("5m")
  Duration maxRetryBackoff();

  /** How long the agent waits for new pods in VerifyWorkload. */
  @WithDefault("5m")
  Duration verifyTimeout();

  @WithDefault("25")
  int maxWorkloadsInFlight();

  @WithDefault("true")
  boolean haltOnCanaryFailure();

  @WithDefault("0.2")
  double maxFailureFraction();

  /** The canary wave's share of the workloads (planner). */
  @WithDefault("0.1")
  double canaryFraction();

  Optional<Long> tokenExpirationSeconds();

  Optional<Integer> proxySidecarPort();

  /** Step timeouts by step name (enable-cluster, rollout, verify, …); unset ones keep defaults. */
  Map<String, Duration> timeouts();

  default SagaSettings settings() {
    Map<StepKind, Duration> byKind = new EnumMap<>(StepKind.class);
    timeouts()
        .forEach(
            (slug, timeout) -> {
              StepKind kind = null;
              for (StepKind k : StepKind.values()) {
                if (k.slug().equals(slug)) {
                  kind = k;
                }
              }
              if (kind == null) {
                throw new IllegalArgumentException(
                    "wimigrate.saga.timeouts." + slug + ": unknown step name");
              }
              byKind.put(kind, timeout);
            });
    return new SagaSettings(
        byKind,
        maxAttempts(),
        retryBackoff(),
        maxRetryBackoff(),
        verifyTimeout(),
        maxWorkloadsInFlight(),
        haltOnCanaryFailure(),
        maxFailureFraction(),
        tokenExpirationSeconds().orElse(null),
        proxySidecarPort().orElse(null));
  }
}
