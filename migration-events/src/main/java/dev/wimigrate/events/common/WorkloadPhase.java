package dev.wimigrate.events.common;

/** Where a workload is in its migration saga (see docs/architecture.md). */
public enum WorkloadPhase {
  DISCOVERED,
  PLANNED,
  IDENTITY_READY,
  FEDERATED,
  SERVICE_ACCOUNT_READY,
  ROLLED_OUT,
  VERIFIED,
  CLEANED_UP,
  DONE,
  FAILED,
  ROLLING_BACK,
  ROLLED_BACK
}
