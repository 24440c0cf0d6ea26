package dev.wimigrate.events.federation;

import dev.wimigrate.events.common.IdentityRef;
import dev.wimigrate.events.common.StepResult;

/** Outcomes of {@link FederationCommand}s, keyed like the command. */
public sealed interface FederationResult extends StepResult
    permits FederatedCredentialReady, FederatedCredentialDeleted {
  String identityResourceId();

  @Override
  default String partitionKey() {
    return IdentityRef.partitionKey(identityResourceId());
  }
}
