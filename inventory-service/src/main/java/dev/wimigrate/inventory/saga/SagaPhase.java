package dev.wimigrate.inventory.saga;

/**
 * A workload's place in its migration saga (docs/saga.md). Forward: PLANNED → IDENTITY_READY →
 * FEDERATED → SERVICE_ACCOUNT_READY → PATCHED → ROLLED_OUT → VERIFIED → CLEANED_UP → DONE. A
 * failure compensates: ROLLING_BACK → ROLLED_BACK; FAILED only when compensation itself failed (or
 * nothing could run) and a person must look. BLOCKED workloads were never started (the planner said
 * why); PREVIEWED ends a dry run.
 */
public enum SagaPhase {
  PLANNED,
  IDENTITY_READY,
  FEDERATED,
  SERVICE_ACCOUNT_READY,
  PATCHED,
  ROLLED_OUT,
  VERIFIED,
  CLEANED_UP,
  DONE,
  ROLLING_BACK,
  ROLLED_BACK,
  FAILED,
  BLOCKED,
  PREVIEWED;

  /** Nothing more will happen to the workload in this migration. */
  public boolean terminal() {
    return switch (this) {
      case DONE, ROLLED_BACK, FAILED, BLOCKED, PREVIEWED -> true;
      default -> false;
    };
  }

  /** Running on Workload ID for good: past verification, no rollback any more. */
  public boolean migrated() {
    return this == CLEANED_UP || this == DONE;
  }
}
