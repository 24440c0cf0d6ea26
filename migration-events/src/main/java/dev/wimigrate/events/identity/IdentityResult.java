package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.StepResult;

/** Outcomes of {@link IdentityCommand}s, keyed like the command they answer. */
public sealed interface IdentityResult extends StepResult
    permits IdentityReady,
        RoleAssignmentsCopied,
        ClusterWorkloadIdentityEnabled,
        PodIdentityRemoved {}
