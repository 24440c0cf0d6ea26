package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Nullable;

/**
 * How far the workload already is on Workload ID: the {@code azure.workload.identity/use} pod
 * label, its service account's {@code azure.workload.identity/client-id} annotation (verbatim), and
 * what the webhook injected into running pods.
 */
public record WorkloadIdentityState(
    boolean useLabel,
    @Nullable String saClientIdAnnotation,
    boolean sidecarInjected,
    boolean tokenVolumePresent) {}
