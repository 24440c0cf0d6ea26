package dev.wimigrate.federation;

import dev.wimigrate.azurekit.AzureCallMetrics;
import dev.wimigrate.federation.credentials.FederatedCredential;
import dev.wimigrate.federation.credentials.FederatedCredentialStore;
import java.util.List;
import java.util.function.Supplier;

/** Counts and times every Azure call by operation and outcome (status, throttled). */
final class MeteredStore implements FederatedCredentialStore {

  private final FederatedCredentialStore store;
  private final AzureCallMetrics metrics;

  MeteredStore(FederatedCredentialStore store, AzureCallMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  @Override
  public List<FederatedCredential> list(String identityResourceId) {
    return timed("listFederatedCredentials", () -> store.list(identityResourceId));
  }

  @Override
  public FederatedCredential put(String identityResourceId, FederatedCredential credential) {
    return timed("putFederatedCredential", () -> store.put(identityResourceId, credential));
  }

  @Override
  public boolean delete(String identityResourceId, String name) {
    return timed("deleteFederatedCredential", () -> store.delete(identityResourceId, name));
  }

  @Override
  public String clientIdOf(String identityResourceId) {
    return timed("getIdentity", () -> store.clientIdOf(identityResourceId));
  }

  private <T> T timed(String operation, Supplier<T> call) {
    return metrics.timed(operation, call);
  }
}
