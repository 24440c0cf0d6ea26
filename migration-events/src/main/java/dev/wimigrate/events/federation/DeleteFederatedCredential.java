package dev.wimigrate.events.federation;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;

/** Remove the FIC for (issuer, service account) from the identity (rollback); absent is fine. */
public record DeleteFederatedCredential(
    StepRef step,
    String identityResourceId,
    @SchemaHint(format = "uri") String issuer,
    ServiceAccountRef serviceAccount)
    implements FederationCommand {

  public static final String TYPE = "dev.wimigrate.federation.DeleteFederatedCredential.v1";

  public DeleteFederatedCredential {
    Checks.notNull("step", step);
    Checks.managedIdentityId("identityResourceId", identityResourceId);
    Checks.httpsUrl("issuer", issuer);
    Checks.notNull("serviceAccount", serviceAccount);
  }

  public String credentialName() {
    return FederatedCredentialName.of(issuer, serviceAccount.namespace(), serviceAccount.name());
  }
}
