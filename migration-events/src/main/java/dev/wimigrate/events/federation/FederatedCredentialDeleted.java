package dev.wimigrate.events.federation;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;

/** The FIC is gone (or never existed). */
public record FederatedCredentialDeleted(
    StepRef step,
    String identityResourceId,
    @SchemaHint(pattern = FederatedCredentialName.PATTERN) String credentialName)
    implements FederationResult {

  public static final String TYPE = "dev.wimigrate.federation.FederatedCredentialDeleted.v1";

  public FederatedCredentialDeleted {
    Checks.notNull("step", step);
    Checks.managedIdentityId("identityResourceId", identityResourceId);
    FederatedCredentialName.check("credentialName", credentialName);
  }
}
