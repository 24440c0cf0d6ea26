package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.IdentityRef;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;
import java.util.List;

/**
 * The target identity now holds the source's role assignments; {@code missingBefore} lists those
 * ({@code roleDefinitionId@scope}) it lacked, {@code copied} how many were created.
 */
public record RoleAssignmentsCopied(
    StepRef step,
    String fromResourceId,
    String toResourceId,
    @SchemaHint(minimum = 0) int copied,
    List<String> missingBefore)
    implements IdentityResult {

  public static final String TYPE = "dev.wimigrate.identity.RoleAssignmentsCopied.v1";

  public RoleAssignmentsCopied {
    Checks.notNull("step", step);
    Checks.managedIdentityId("fromResourceId", fromResourceId);
    Checks.managedIdentityId("toResourceId", toResourceId);
    Checks.atLeast("copied", copied, 0);
    missingBefore = Checks.list("missingBefore", missingBefore, Checks::notBlank);
  }

  @Override
  public String partitionKey() {
    return IdentityRef.partitionKey(toResourceId);
  }
}
