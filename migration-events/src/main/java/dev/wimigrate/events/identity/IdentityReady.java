package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.IdentityRef;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;

/**
 * The identity exists; {@code created} when this step created it. {@code location} is its Azure
 * region, where overflow identities are created next to it.
 */
public record IdentityReady(
    StepRef step,
    String resourceId,
    @SchemaHint(format = "uuid") String clientId,
    @SchemaHint(format = "uuid") String principalId,
    @SchemaHint(format = "uuid") String tenantId,
    boolean created,
    @Nullable String location)
    implements IdentityResult {

  public static final String TYPE = "dev.wimigrate.identity.IdentityReady.v1";

  public IdentityReady {
    Checks.notNull("step", step);
    Checks.managedIdentityId("resourceId", resourceId);
    Checks.uuid("clientId", clientId);
    Checks.uuid("principalId", principalId);
    Checks.uuid("tenantId", tenantId);
  }

  public IdentityRef identity() {
    return new IdentityRef(resourceId, clientId);
  }

  @Override
  public String partitionKey() {
    return IdentityRef.partitionKey(resourceId);
  }
}
