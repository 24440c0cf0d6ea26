package dev.wimigrate.inventory.saga;

/** The state of a whole migration, as reported to the ticket and shown in Grafana. */
public enum MigrationStatus {
  /** Steps are being started as their prerequisites complete. */
  RUNNING,
  /** An operator paused it: running steps finish, nothing new starts. */
  PAUSED,
  /** Stopped by itself after a canary failure or too many failures; resume or roll back. */
  HALTED,
  /** An operator asked to undo it: workloads not yet cleaned up go back to pod identity. */
  ROLLING_BACK,
  /** Every workload ended DONE (blocked ones aside). */
  COMPLETED,
  /** Ended with at least one workload rolled back or failed. */
  COMPLETED_WITH_FAILURES,
  /** Ended after an operator rollback. */
  ROLLED_BACK,
  /** A dry run ended: the plan and the server-side dry-run diffs are ready. */
  PREVIEWED;

  public boolean ended() {
    return switch (this) {
      case COMPLETED, COMPLETED_WITH_FAILURES, ROLLED_BACK, PREVIEWED -> true;
      default -> false;
    };
  }
}
