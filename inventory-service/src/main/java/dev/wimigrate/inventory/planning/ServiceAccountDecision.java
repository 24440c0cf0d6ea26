package dev.wimigrate.inventory.planning;

/** What happens to a workload's service account. */
public enum ServiceAccountDecision {
  /** Keep the workload's own service account: only workloads of the same identity use it. */
  REUSE,
  /** Move the workload to the dedicated service account {@code wi-<identity-name>}. */
  DEDICATED
}
