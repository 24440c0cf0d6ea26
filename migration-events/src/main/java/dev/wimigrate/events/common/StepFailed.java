package dev.wimigrate.events.common;

import java.time.Instant;

/**
 * A command could not be carried out. {@code retryable} says whether the same command may succeed
 * later (throttling, propagation delay) or needs compensation. The reason must never carry a token:
 * producers redact with {@link Secrets#redactJwts} before building it.
 */
public record StepFailed(
    StepRef step,
    String service,
    String stepName,
    @Nullable WorkloadRef workload,
    String errorCode,
    String reason,
    boolean retryable,
    Instant failedAt)
    implements StepResult {

  public static final String TYPE = "dev.wimigrate.common.StepFailed.v1";

  public StepFailed {
    Checks.notNull("step", step);
    Checks.notBlank("service", service);
    Checks.notBlank("stepName", stepName);
    Checks.notBlank("errorCode", errorCode);
    Checks.noJwt("reason", Checks.notBlank("reason", reason));
    Checks.notNull("failedAt", failedAt);
  }

  /** Keyed with the workload's other events when it concerns one, else by step. */
  @Override
  public String partitionKey() {
    return workload != null ? workload.key() : step.stepId();
  }
}
