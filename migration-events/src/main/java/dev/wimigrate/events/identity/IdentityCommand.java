package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepRef;

/**
 * Azure identity work for identity-service, on {@code wimigrate.commands.identity}. Keyed by the
 * identity's resource id (lower case) so writes to one identity are applied in order, or by cluster
 * id for cluster-wide changes.
 */
public sealed interface IdentityCommand extends Event
    permits EnsureManagedIdentity,
        CopyRoleAssignments,
        EnableClusterWorkloadIdentity,
        RemovePodIdentity {
  StepRef step();
}
