package dev.wimigrate.inventory.fleet;

import dev.wimigrate.events.inventory.WorkloadIdentityState;

/** How far a workload is on Workload ID, derived from the agent's {@link WorkloadIdentityState}. */
public enum WorkloadIdentityStatus {
  /** No {@code azure.workload.identity/use} label, no client-id annotation, no token volume. */
  NONE,
  /**
   * The label or the service account's client-id annotation is set; running pods lack the token.
   */
  CONFIGURED,
  /** Running pods have the projected service-account token volume the webhook injects. */
  ACTIVE;

  public static WorkloadIdentityStatus of(WorkloadIdentityState state) {
    if (state.tokenVolumePresent()) {
      return ACTIVE;
    }
    if (state.useLabel() || state.saClientIdAnnotation() != null) {
      return CONFIGURED;
    }
    return NONE;
  }
}
