package dev.wimigrate.events.common;

/**
 * Names one saga step. Every command and every result carries it; {@code stepId} is the idempotency
 * key (a redelivered or retried command has the same stepId), {@code attempt} lets the orchestrator
 * ignore results of attempts it has given up on.
 */
public record StepRef(
    @SchemaHint(pattern = Checks.OPAQUE_ID) String migrationId,
    @SchemaHint(pattern = Checks.OPAQUE_ID) String stepId,
    @SchemaHint(minimum = 1) int attempt) {

  public StepRef {
    Checks.opaqueId("migrationId", migrationId);
    Checks.opaqueId("stepId", stepId);
    Checks.atLeast("attempt", attempt, 1);
  }

  /** The same step, tried once more. */
  public StepRef nextAttempt() {
    return new StepRef(migrationId, stepId, attempt + 1);
  }
}
