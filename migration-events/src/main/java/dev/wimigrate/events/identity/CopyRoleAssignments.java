package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.IdentityRef;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.StepRef;

/**
 * Give an overflow identity the role assignments of the original, before any workload uses it.
 * Keyed by the identity written to.
 */
public record CopyRoleAssignments(StepRef step, String fromResourceId, String toResourceId)
    implements IdentityCommand {

  public static final String TYPE = "dev.wimigrate.identity.CopyRoleAssignments.v1";

  public CopyRoleAssignments {
    Checks.notNull("step", step);
    Checks.managedIdentityId("fromResourceId", fromResourceId);
    Checks.managedIdentityId("toResourceId", toResourceId);
    if (fromResourceId.equalsIgnoreCase(toResourceId)) {
      throw new InvalidFieldException("toResourceId", "must differ from fromResourceId");
    }
  }

  @Override
  public String partitionKey() {
    return IdentityRef.partitionKey(toResourceId);
  }
}
