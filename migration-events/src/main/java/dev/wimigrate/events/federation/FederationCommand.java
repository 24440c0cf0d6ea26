package dev.wimigrate.events.federation;

import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.IdentityRef;
import dev.wimigrate.events.common.StepRef;

/**
 * FIC writes for federation-service, on {@code wimigrate.commands.federation}. Keyed by the
 * identity (lower case) because Azure rejects concurrent FIC writes to one identity: partition
 * order serialises them.
 */
public sealed interface FederationCommand extends Event
    permits CreateFederatedCredential, DeleteFederatedCredential {
  StepRef step();

  String identityResourceId();

  @Override
  default String partitionKey() {
    return IdentityRef.partitionKey(identityResourceId());
  }
}
