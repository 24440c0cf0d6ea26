package dev.wimigrate.events.federation;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Defaulted;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;
import java.util.List;

/**
 * Trust the cluster's issuer for one service account on one identity. The credential is named
 * {@link #credentialName()}; ready only once Entra accepts tokens for it (propagation).
 */
public record CreateFederatedCredential(
    StepRef step,
    String identityResourceId,
    @SchemaHint(format = "uri") String issuer,
    ServiceAccountRef serviceAccount,
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    @Defaulted(CreateFederatedCredential.TOKEN_EXCHANGE_AUDIENCE) List<String> audiences)
    implements FederationCommand {

  public static final String TYPE = "dev.wimigrate.federation.CreateFederatedCredential.v1";

  /** The audience Workload ID tokens are requested for. */
  public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

  public CreateFederatedCredential {
    Checks.notNull("step", step);
    Checks.managedIdentityId("identityResourceId", identityResourceId);
    Checks.httpsUrl("issuer", issuer);
    Checks.notNull("serviceAccount", serviceAccount);
    Checks.clusterId("clusterId", clusterId);
    audiences =
        audiences == null
            ? List.of(TOKEN_EXCHANGE_AUDIENCE)
            : Checks.nonEmptyList("audiences", audiences, Checks::notBlank);
  }

  public String credentialName() {
    return FederatedCredentialName.of(issuer, serviceAccount.namespace(), serviceAccount.name());
  }

  public String subject() {
    return serviceAccount.subject();
  }
}
