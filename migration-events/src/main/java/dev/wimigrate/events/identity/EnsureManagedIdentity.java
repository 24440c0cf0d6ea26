package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Defaulted;
import dev.wimigrate.events.common.IdentityRef;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.StepRef;
import java.util.Map;

/**
 * Make sure the user-assigned identity exists and report its ids. {@code create} is set for
 * overflow identities the planner invents; an existing identity is only read.
 */
public record EnsureManagedIdentity(
    StepRef step,
    String resourceId,
    boolean create,
    @Nullable String location,
    @Defaulted Map<String, String> tags)
    implements IdentityCommand {

  public static final String TYPE = "dev.wimigrate.identity.EnsureManagedIdentity.v1";

  public EnsureManagedIdentity {
    Checks.notNull("step", step);
    Checks.managedIdentityId("resourceId", resourceId);
    if (location != null) {
      Checks.notBlank("location", location);
    } else if (create) {
      throw new InvalidFieldException("location", "must be set when create is true");
    }
    tags = tags == null ? Map.of() : Checks.map("tags", tags);
  }

  @Override
  public String partitionKey() {
    return IdentityRef.partitionKey(resourceId);
  }
}
