package dev.wimigrate.inventory.planning;

import dev.wimigrate.events.common.Checks;

/**
 * A federated identity credential that already exists on a user-assigned identity (wimigrate's own
 * from an earlier migration, or anyone else's): it counts against the identity's budget, and a
 * planned credential with the same issuer and subject is not created again.
 */
public record ExistingFederatedCredential(
    String identityResourceId, String issuer, String subject) {

  public ExistingFederatedCredential {
    Checks.managedIdentityId("identityResourceId", identityResourceId);
    Checks.notBlank("issuer", issuer);
    Checks.notBlank("subject", subject);
  }
}
