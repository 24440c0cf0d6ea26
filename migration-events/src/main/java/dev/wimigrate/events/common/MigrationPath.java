package dev.wimigrate.events.common;

/** How a workload moves to Workload ID (decided by the planner). */
public enum MigrationPath {
  /** The app's SDK speaks Workload ID: run both side by side, then drop pod identity. */
  LATEST_SDK,
  /** Linux pod on an old SDK: an IMDS proxy sidecar does the token exchange for it. */
  SIDECAR,
  /** No automatic path (Windows or hostNetwork with an old SDK): the app must be updated. */
  REWRITE_REQUIRED
}
