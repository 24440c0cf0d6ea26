package dev.wimigrate.federation.credentials;

import java.util.List;

/**
 * The federated credentials of user-assigned identities: ARM in production, the Azure emulator in
 * tests. Every method is one ARM call and throws {@link AzureCallException} when Azure says no.
 */
public interface FederatedCredentialStore {

  List<FederatedCredential> list(String identityResourceId);

  /** Creates or updates (ARM PUT) the credential named {@code credential.name()}. */
  FederatedCredential put(String identityResourceId, FederatedCredential credential);

  /** Deletes the credential; false when it did not exist. */
  boolean delete(String identityResourceId, String name);

  /** The identity's application (client) id, which token requests name. */
  String clientIdOf(String identityResourceId);
}
